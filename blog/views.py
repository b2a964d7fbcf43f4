from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from blog.models import Post


class PostListView(ListView):
    paginate_by = 10
    template_name = "blog/post_list.html"

    def get_queryset(self):
        return Post.objects.published().with_listing_relations()


class PostDetailView(DetailView):
    """A post for readers; editors may also open a draft or scheduled post by its URL."""

    template_name = "blog/post_detail.html"

    def can_preview(self):
        return self.request.user.has_perm("blog.change_post")

    def get_queryset(self):
        posts = Post.objects.with_listing_relations()
        return posts if self.can_preview() else posts.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = (
            self.can_preview() and not Post.objects.published().filter(pk=self.object.pk).exists()
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
        return response
