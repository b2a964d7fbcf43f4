from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from authors.models import Author
from blog.models import Post


class AuthorListView(ListView):
    template_name = "authors/author_list.html"

    def get_queryset(self):
        return Author.objects.public()


class AuthorDetailView(ListView):
    """One author's profile and her posts, newest first."""

    paginate_by = 10
    template_name = "authors/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author.objects.public(), slug=self.kwargs["slug"])
        posts = Post.objects.published().filter(authors=self.author)
        return posts.with_listing_relations().with_comment_counts()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
