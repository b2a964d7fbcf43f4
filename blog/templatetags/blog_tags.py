import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from blog import around, topics
from blog.models import Post, fetch_listing_relations
from blog.search import read_hits
from core.caching import fragment, fragments, origin, shows
from core.pagination import PageRows

register = template.Library()
NEWEST_POSTS = 3

# What json_script escapes: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def archive_months():
    """Months with posts readers may see, newest first. Every page shows them and the
    query reads every post: they are counted again only when a month comes or goes
    (blog.topics), and so they carry no counts, which every new post would change."""
    return fragment("archive", _months_with_posts)


def _months_with_posts():
    shows(topics.MONTHS)
    months = topics.archive_months()
    return render_to_string("blog/_archive_months.html", {"months": months})


@register.simple_tag
def newest_posts():
    """The newest posts, for pages that offer a way on (the 404 page)."""
    return fragment("newest-posts", _newest_posts)


def _newest_posts():
    shows(topics.POSTS)
    posts = list(Post.objects.published().cards().with_listing_relations()[:NEWEST_POSTS])
    for post in posts:
        topics.shows_post(post)
    return posts


@register.simple_tag(takes_context=True)
def post_cards(context, posts, lead_first=False, aside=False):
    """The cards of ``posts`` (a page, or a list of posts), each rendered once per version
    of what it shows (the post, its bylines, its tags' names, its comment count) and shared
    by every list showing it. A page whose ids were kept reads only the posts whose cards
    are not. With ``lead_first``, the first card of the first page is the large one."""
    page = context.get("page_obj")
    rows = getattr(posts, "object_list", posts)
    if not isinstance(rows, PageRows):
        rows = list(rows)
        rows = PageRows(None, [post.pk for post in rows], rows)
    lead = 0 if lead_first and not (page and page.has_previous()) else None
    kind = "aside" if aside else "card"

    def card(index):
        def render():
            post = rows.get(index)
            if post is None:
                return None
            extra = {"lead": index == lead, "aside": aside}
            return render_to_string("blog/_post_summary.html", {"post": post, **extra})

        return render

    def prepare(indexes):
        rows.read(indexes)
        fetch_listing_relations(post for index in indexes if (post := rows.get(index)))

    parts = [
        (f"{'lead' if index == lead else kind}:{pk}", card(index))
        for index, pk in enumerate(rows.ids)
    ]
    return mark_safe("".join(filter(None, fragments(parts, prepare=prepare))))


def _post_part(context, name, template_name):
    """A part of the post's page that shows the post alone, rendered once per version of
    the post, its bylines and its tags' names; on a preview, for the editor alone."""
    post, request = context["post"], context["request"]

    def render():
        fetch_listing_relations([post])
        topics.shows_post(post, discussion=False)
        part = {
            "post": post,
            "request": request,
            "site_name": context["site_name"],
            "is_preview": context["is_preview"],
        }
        return render_to_string(template_name, part)

    if context["is_preview"]:
        return render()
    return fragment(f"{name}:{post.pk}", render)


@register.simple_tag(takes_context=True)
def post_head(context):
    """The post page's metadata for links shared and search engines (absolute URLs: one
    copy for each scheme and host the site answers to)."""
    return _post_part(context, f"post-head:{origin(context['request'])}", "blog/_post_head.html")


@register.simple_tag(takes_context=True)
def post_article(context):
    """The post itself: title, byline, picture, text, tags and its authors' boxes."""
    return _post_part(context, "post-article", "blog/_post_article.html")


@register.simple_tag(takes_context=True)
def posts_around(context):
    """The links to the previous and next post, and the related posts' cards: each kept
    until what chooses them changes (blog.around). A preview, which has no place among
    readers' posts yet, has no neighbours."""
    post = context["post"]

    def neighbours():
        return render_to_string("blog/_post_neighbours.html", around.neighbours(post))

    def related():
        posts = around.related_posts(post)
        return render_to_string("blog/_related_posts.html", {"related_posts": posts})

    if context["is_preview"]:
        return related()
    parts = [(f"post-neighbours:{post.pk}", neighbours), (f"related-posts:{post.pk}", related)]
    # Both drawn from our own templates.
    return mark_safe("".join(fragments(parts)))


@register.simple_tag
def search_hits(hits):
    """The cards of search hits, each kept per version of its post and the words the
    search highlights in it; its picture, byline and tags kept once per version of what
    they show, for every search, as its card's are."""
    hits = list(hits)

    def card(hit):
        def parts():
            topics.shows_post(hit.post)
            return {
                name: render_to_string(f"blog/_card_{name}.html", {"post": hit.post})
                for name in ("picture", "facts")
            }

        def render():
            if hit.post is None:
                return None
            kept = fragment(f"hit:{hit.pk}", parts)
            return render_to_string("blog/_search_hit.html", {"hit": hit, "post": hit.post, **kept})

        return render

    def fetch_relations(indexes):
        read_hits([hits[index] for index in indexes])
        fetch_listing_relations(post for index in indexes if (post := hits[index].post))

    found = fragments([(hit.key, card(hit)) for hit in hits], fetch_relations)
    return mark_safe("".join(filter(None, found)))


@register.simple_tag
def shows_post(post, aside=False):
    """Record that the page shows ``post``'s card (blog.topics), with its comment count
    unless it is an aside (a related post); writes nothing."""
    topics.shows_post(post, discussion=not aside)
    return ""


@register.simple_tag(takes_context=True)
def post_json_ld(context, post):
    """schema.org BlogPosting for a post, as a JSON-LD script element."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.summary,
        "url": request.build_absolute_uri(post.get_absolute_url()),
        "mainEntityOfPage": request.build_absolute_uri(post.get_absolute_url()),
        "dateModified": post.updated_at,
        "keywords": [tag.name for tag in post.tags.all()],
        "author": [
            {
                "@type": "Person",
                "name": author.display_name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
            for author in post.author_list
        ],
        "inLanguage": "fi",
    }
    if post.published_at and not post.date_unknown:
        data["datePublished"] = post.published_at
    if post.featured_image:
        data["image"] = request.build_absolute_uri(post.featured_image.url)
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
