import datetime
from functools import partial

from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from authors.models import Author
from authors.topics import author
from blog import counts, permissions, topics
from blog.models import Post
from blog.search import MAX_HITS, MAX_QUERY_LENGTH, parse, search_posts, suggestion
from core import compiled
from core.caching import keep_private, shows
from core.pagination import CountedPaginator


def _at_address(page, rows, slug, missing):
    """The row of ``rows()`` whose address is ``slug``, found with the SQL compiled once
    for that address of ``page`` (core.compiled); else a 404 saying ``missing``."""
    found = compiled.rows(f"{page}:{slug}", lambda: rows().filter(slug=slug))
    if not found:
        raise Http404(missing)
    return found[0]


class PostPages(ListView):
    """A list of posts, ten a page. Which posts a page holds and how many the list has are
    kept until the list's own topic moves on (a post comes, goes or moves in it): a page
    retired by a change to what its cards show reads no list again (CountedPaginator)."""

    paginate_by = 10
    paginator_class = CountedPaginator

    def listing(self, topic, posts):
        """``posts`` as the list of ``topic`` shows them, which only a change of ``topic``
        can add to, take from or reorder; its pages are kept under that name too."""
        shows(topic)
        self.kept_as = (topic, [topic])
        return posts.cards()

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, kept_as=self.kept_as, **kwargs)


class PostListView(PostPages):
    template_name = "blog/post_list.html"

    def get_queryset(self):
        return self.listing(topics.POSTS, Post.objects.published())


class PostDetailView(DetailView):
    """A post for readers; editors may also open a draft or scheduled post by its URL."""

    template_name = "blog/post_detail.html"

    def can_preview(self):
        """Whether this user may see unpublished posts at all (each one is checked too)."""
        return permissions.can_view(self.request.user)

    def get_queryset(self):
        """The post a reader may see, or a previewer may reach; visibility decided here, once.

        ``readers_see`` tells the page whether it is the public post or a preview.
        """
        posts = Post.objects.shown()
        if not self.can_preview():
            return posts.published().annotate(readers_see=Value(True))
        visible_ids = Post.objects.published().values("pk")
        reachable = permissions.posts_visible_to(self.request.user, Post.objects.all())
        return posts.filter(Q(pk__in=visible_ids) | Q(pk__in=reachable.values("pk"))).annotate(
            readers_see=ExpressionWrapper(Q(pk__in=visible_ids), output_field=BooleanField())
        )

    def get_object(self, queryset=None):
        if self.can_preview():
            return super().get_object(queryset)
        # A reader's post, by its address alone.
        return _at_address("post-page", self.get_queryset, self.kwargs["slug"], _("No such post."))

    def get_context_data(self, **kwargs):
        # The post, its neighbours and related posts are fragments the template asks for
        # (blog_tags), each recording what it shows.
        is_preview = not self.object.readers_see
        if is_preview:
            keep_private(self.request)
        return super().get_context_data(is_preview=is_preview, **kwargs)


class TagListView(TemplateView):
    template_name = "blog/tag_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag_index=counts.tag_index(), **kwargs)


class TagPostListView(PostPages):
    template_name = "blog/tag_detail.html"

    def get_queryset(self):
        tags = partial(Tag.objects.select_related, "description")
        self.tag = _at_address("tag-page", tags, self.kwargs["slug"], _("No such tag."))
        posts = Post.objects.published().filter(tags=self.tag)
        return self.listing(topics.tag(self.tag.pk), posts)

    def get_context_data(self, **kwargs):
        shows(topics.tag_about(self.tag.pk))
        context = super().get_context_data(
            tag=self.tag,
            tag_description=getattr(self.tag, "description", None),
            **kwargs,
        )
        if not context["paginator"].count:
            # A tag whose posts are all drafts does not exist for readers.
            raise Http404(_("No such tag."))
        return context


class AuthorListView(TemplateView):
    template_name = "authors/author_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(author_index=counts.author_index(), **kwargs)


class AuthorDetailView(PostPages):
    """One author's profile and her posts, newest first."""

    template_name = "authors/author_detail.html"

    def get_queryset(self):
        self.author = _at_address(
            "author-page", Author.objects.all, self.kwargs["slug"], _("No such author.")
        )
        posts = Post.objects.published().filter(authors=self.author)
        return self.listing(author(self.author.pk), posts)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        if not self.author.has_public_page(context["paginator"].count):
            raise Http404(_("No such author."))
        return context


class ArchiveView(PostPages):
    """Posts of one year or one month; posts whose real date is unknown are not filed."""

    template_name = "blog/post_archive.html"

    def get_queryset(self):
        year, month = self.kwargs["year"], self.kwargs.get("month")
        if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
            raise Http404(_("No such year."))
        if month is not None and not 1 <= month <= 12:
            raise Http404(_("No such month."))
        # A range of times, which the index on the publication time serves; a month
        # taken out of each post's time would read every post.
        first, last = (month, month) if month else (1, 12)
        period = topics.archive(year, month)
        if not (datetime.MINYEAR < year < datetime.MAXYEAR):
            # No post is that old or that far ahead, and the range would not fit in UTC.
            return self.listing(period, Post.objects.none())
        zone = timezone.get_current_timezone()
        start = datetime.datetime(year, first, 1, tzinfo=zone)
        end = datetime.datetime(year + last // 12, last % 12 + 1, 1, tzinfo=zone)
        posts = Post.objects.published().filter(
            date_unknown=False, published_at__gte=start, published_at__lt=end
        )
        return self.listing(period, posts)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            year=self.kwargs["year"], month=self.kwargs.get("month"), **kwargs
        )
        if not context["paginator"].count:
            raise Http404(_("No posts in this period."))
        return context


class SearchView(TemplateView):
    template_name = "blog/search.html"
    paginate_by = 10

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        shows(topics.POSTS, topics.TEXTS)
        context = super().get_context_data(query=query, **kwargs)
        if len(query) > MAX_QUERY_LENGTH:
            context["problem"] = _("The search is too long: use at most %(limit)d characters.") % {
                "limit": MAX_QUERY_LENGTH
            }
        elif query and not parse(query):
            context["problem"] = _("Search for words: letters or numbers.")
        elif query:
            hits = search_posts(query)
            if not hits:
                context["suggestion"] = suggestion(query)
            if not hits and len(parse(query).typed) > 1:
                # No post has them all: the posts nearest to it, said so.
                hits = search_posts(query, every=False)
                context["some_words"] = bool(hits)
            context["page_obj"] = Paginator(hits, self.paginate_by).get_page(
                self.request.GET.get("page")
            )
            context["hit_count"] = len(hits)
            # More posts match than a search ranks: how many it ranked, the newest.
            context["ranked_newest"] = MAX_HITS if hits.more else None
        return context
