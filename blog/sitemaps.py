from django.contrib.sitemaps import Sitemap
from django.db import connection
from django.db.models import Exists, Max, OuterRef
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from taggit.models import Tag

from authors.models import Author
from authors.topics import AUTHORS
from blog import topics
from blog.models import Post
from core.caching import shows


class PostSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        # Every post's address and when its text last changed.
        shows(topics.POSTS, topics.TEXTS)
        return Post.objects.published().only("slug", "updated_at")

    def lastmod(self, post):
        return post.updated_at

    def get_latest_lastmod(self):
        # For the index: one query, where Django's own asks every post's date in turn.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class AuthorSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        shows(AUTHORS)
        return Author.objects.public().only("slug").order_by("slug")


class TagSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        shows(topics.TAGS)
        # Whether a published post has it, tag by tag: not every tagging of every post.
        tags = Tag.objects.filter(Exists(Post.objects.published().filter(tags=OuterRef("pk"))))
        return tags.only("slug").order_by("name")

    def location(self, tag):
        return reverse("blog:tag", kwargs={"slug": tag.slug})


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["blog:index", "authors:list", "blog:tag_list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "posts": PostSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}


# One <url> element, put together by the database for each post of the page: in Python,
# 10,000 posts took half a second. The time is the last change in UTC, a W3C datetime.
_ENTRY = (
    "'<url><loc>' || %s || page.slug || '/</loc><lastmod>' || {lastmod} || "
    "'</lastmod><changefreq>monthly</changefreq></url>'"
)
_JOINED = {
    "sqlite": "SELECT group_concat({entry}, '') FROM ({page}) AS page",
    "postgresql": "SELECT string_agg({entry}, '') FROM ({page}) AS page",
}
_LASTMOD = {
    "sqlite": "strftime('%%Y-%%m-%%dT%%H:%%M:%%S+00:00', page.updated_at)",
    "postgresql": (
        "to_char(page.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
    ),
}


def posts_section(request):
    """/sitemap-posts.xml: the posts' addresses, ``PostSitemap.limit`` a file (?p=2 on)."""
    shows(topics.POSTS, topics.TEXTS)
    page = request.GET.get("p", "1")
    if not page.isdigit() or int(page) < 1:
        raise Http404(_("No such page."))
    offset = (int(page) - 1) * PostSitemap.limit
    posts = Post.objects.published().order_by("published_at", "slug")
    rows = posts.values("slug", "updated_at")[offset : offset + PostSitemap.limit]
    sql, params = rows.query.sql_with_params()
    vendor = connection.vendor
    entry = _ENTRY.format(lastmod=_LASTMOD[vendor])
    base = escape(request.build_absolute_uri(reverse("blog:index")) + "posts/")
    with connection.cursor() as cursor:
        cursor.execute(_JOINED[vendor].format(entry=entry, page=sql), [base, *params])
        (entries,) = cursor.fetchone()
    if entries is None and int(page) > 1:
        raise Http404(_("No such page."))
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries or ''}</urlset>\n",
        content_type="application/xml",
    )
