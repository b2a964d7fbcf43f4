import math
from types import SimpleNamespace

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
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
from core import compiled
from core.caching import fragments, origin, shows
from core.pagination import plain_count


class Section(Sitemap):
    def facts(self):
        """What the index shows of this section: its number of files, its last change."""
        return self.paginator.num_pages, self.get_latest_lastmod()


class PostSitemap(Section):
    changefreq = "monthly"

    def items(self):
        # Every post's address and when its text last changed.
        shows(topics.POSTS, topics.TEXTS)
        return Post.objects.published().only("slug", "updated_at")

    def lastmod(self, post):
        return post.updated_at

    def facts(self):
        # A file per ``limit`` ids (posts_section), and the last change: one query, where
        # Django's index would count the posts, then ask every post's date in turn.
        found = self.items().aggregate(last=Max("pk"), latest=Max("updated_at"))
        return (found["last"] or 0) // self.limit + 1, found["latest"]


class CountedSection(Section):
    """A section whose index entry is its number of files: its items counted in SQL
    compiled once (core.compiled), which a new post runs again."""

    def facts(self):
        items = self.items()
        moment = compiled.moment_of(items)

        def count():
            # A plain query set, which keeps no moment of its own: it is told it again.
            return compiled.as_of(items.order_by().values_list(plain_count()), moment)

        [(length,)] = compiled.rows(f"sitemap-count:{type(self).__name__}", count, moment)
        return max(math.ceil(length / self.limit), 1), self.get_latest_lastmod()


class AuthorSitemap(CountedSection):
    changefreq = "weekly"

    def items(self):
        shows(AUTHORS)
        return Author.objects.public().only("slug").order_by("slug")


class TagSitemap(CountedSection):
    changefreq = "weekly"

    def items(self):
        shows(topics.TAGS)
        published = Post.objects.published()
        # Whether a published post has it, tag by tag: not every tagging of every post.
        tags = Tag.objects.filter(Exists(published.filter(tags=OuterRef("pk"))))
        return compiled.as_of(tags.only("slug").order_by("name"), compiled.moment_of(published))

    def location(self, tag):
        return reverse("blog:tag", kwargs={"slug": tag.slug})


class PageSitemap(Section):
    changefreq = "daily"

    def items(self):
        return ["blog:index", "authors:list", "blog:tag_list"]

    def location(self, name):
        return reverse(name)


class KeptSection(SimpleNamespace):
    """A section as the index asks it (Django's ``sitemaps.views.index``): its number of
    files and its last change, kept until what the section lists changes. An index
    retired by an edited post asks the posts alone again, not the tags and authors."""

    def get_latest_lastmod(self):
        return self.lastmod

    @classmethod
    def of(cls, sections):
        """{name: its kept section} for {name: section}, read from the cache at once."""
        facts = fragments(
            [(f"sitemap-section:{name}", section().facts) for name, section in sections.items()]
        )
        return {
            name: cls(
                protocol=section.protocol,
                paginator=SimpleNamespace(num_pages=pages),
                lastmod=lastmod,
            )
            for (name, section), (pages, lastmod) in zip(sections.items(), facts, strict=True)
        }


def index(request):
    """/sitemap.xml: Django's index of the sections, from what is kept of each."""
    return sitemap_views.index(
        request, KeptSection.of(SITEMAPS), sitemap_url_name="sitemap_section"
    )


SITEMAPS = {
    "pages": PageSitemap,
    "posts": PostSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}


# One <url> element, put together by the database for each post of the run: in Python,
# 10,000 posts took half a second. The time is the last change in UTC, a W3C datetime.
_ENTRY = (
    "'<url><loc>' || %s || run.slug || '/</loc><lastmod>' || {lastmod} || "
    "'</lastmod><changefreq>monthly</changefreq></url>'"
)
_JOINED = {
    "sqlite": "SELECT group_concat({entry}, '') FROM ({run}) AS run",
    "postgresql": "SELECT string_agg({entry}, '') FROM ({run}) AS run",
}
_LASTMOD = {
    "sqlite": "strftime('%%Y-%%m-%%dT%%H:%%M:%%S+00:00', run.updated_at)",
    "postgresql": (
        "to_char(run.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
    ),
}


def _written_runs(base, starts, length):
    """{start: the <url> elements of the posts with ids from ``start`` to ``start +
    length``, in id order}, all written by the database in one query."""
    vendor = connection.vendor
    entry = _ENTRY.format(lastmod=_LASTMOD[vendor])
    posts = Post.objects.published().order_by().values("pk", "slug", "updated_at")
    posts, params = posts.query.sql_with_params()
    # One subquery, planned once and run for each start: fifty subqueries of their own
    # took PostgreSQL longer to plan than to run.
    run = (
        f"SELECT * FROM ({posts}) AS post "
        "WHERE post.pk >= starts.start AND post.pk < starts.start + %s ORDER BY post.pk"
    )
    sql = (
        f"WITH starts (start) AS (VALUES {', '.join(['(%s)'] * len(starts))}) "
        f"SELECT starts.start, ({_JOINED[vendor].format(entry=entry, run=run)}) FROM starts"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*starts, base, *params, length])
        return dict(cursor.fetchall())


def posts_section(request):
    """/sitemap-posts.xml: the posts' addresses, file ``p`` (from 1) holding the posts
    whose ids are from (p - 1) × ``PostSitemap.limit`` up to the next file's, never more
    than the limit. Each file is written in runs of ids (``blog.topics.POST_RUN``), each
    kept until a post among them changes: an edited post writes its run again, not every
    address."""
    page = request.GET.get("p", "1")
    if not page.isdigit() or int(page) < 1:
        raise Http404(_("No such page."))
    number, limit = int(page), PostSitemap.limit
    # The files the index lists, each answered even when its ids' posts are all gone.
    if number > 1 and number > KeptSection.of({"posts": PostSitemap})["posts"].paginator.num_pages:
        raise Http404(_("No such page."))
    length = min(topics.POST_RUN, limit)
    starts = range((number - 1) * limit, number * limit, length)
    base = escape(request.build_absolute_uri(reverse("blog:index")) + "posts/")
    written = {}

    def run(start):
        def compute():
            shows(topics.post_run(start))
            return written[start] or ""

        return compute

    def write(indexes):
        written.update(_written_runs(base, [starts[index] for index in indexes], length))

    site = origin(request)
    entries = "".join(
        fragments(
            [(f"sitemap-posts:{site}:{start}:{length}", run(start)) for start in starts],
            prepare=write,
        )
    )
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>\n",
        content_type="application/xml",
    )
