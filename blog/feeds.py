"""RSS 2.0, Atom and JSON Feed 1.1 with full content: the whole blog, one author, one tag.

Each entry is written once per version of what it shows (its post, bylines and tags'
names) and kept as a fragment (core.caching), shared by every feed of its kind. Which
twenty posts a feed lists is kept too, until its list changes: a feed retired by an edit
to one of its posts reads that post alone, and writes around the entries it finds written.
"""

import copy
import json
import re
from html import escape
from io import StringIO

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date
from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator
from taggit.models import Tag

from authors.models import Author
from authors.topics import author
from blog import topics
from blog.models import Post, fetch_listing_relations
from core.caching import fragment, fragments, origin, shows
from core.models import SiteIdentity
from core.pagination import PageRows
from core.rendering import POST, sanitize

FEED_LENGTH = 20
# XML 1.0 cannot carry C0 control characters other than tab and newlines; Django refuses
# to write a feed with one (a 500), and text pasted from word processors has them.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(value):
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", value)
    if isinstance(value, list | tuple):
        return [_xml_safe(part) for part in value]
    return value


# The item fields a feed reader shows as HTML: RSS's description and Atom's summary and
# content (both written with type="html").
_HTML_FIELDS = ("description", "content_html")


def _safe_item(item):
    """The last step before writing: XML-safe text, then the same sanitizer as the pages."""
    item = {key: _xml_safe(value) for key, value in item.items()}
    for field in _HTML_FIELDS:
        if item.get(field):
            item[field] = sanitize(item[field], POST)
    return item


class WrittenEntries:
    """A feed whose items are entries written before (``written``), each with its dates,
    which the feed's own <updated> and the Last-Modified header are taken from."""

    entry_element = "entry"

    def written(self, item):
        """``item`` as this feed writes it, on its own."""
        out = StringIO()
        handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
        handler.startElement(self.entry_element, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.entry_element)
        return out.getvalue()

    def write_items(self, handler):
        for item in self.items:
            # XMLGenerator writes ignorable whitespace as it is given: the entry, escaped
            # when it was written, goes in unchanged.
            handler.ignorableWhitespace(item["written"])


class WrittenRss201rev2Feed(WrittenEntries, Rss201rev2Feed):
    entry_element = "item"


class FullContentAtom1Feed(WrittenEntries, Atom1Feed):
    """Atom with the whole post in <content type="html">; the excerpt stays the summary."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JSONFeed11(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from the items Django's Feed builds."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": str(self.feed["description"]),
            "language": self.feed["language"],
            "items": [item["written"] for item in self.items],
        }
        outfile.write(json.dumps(feed, ensure_ascii=False, indent=1).encode(encoding))

    def written(self, item):
        entry = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item["description"],
            "summary": item["summary"],
            "authors": item["authors"],
            "tags": item["categories"],
        }
        if item["image"]:
            entry["image"] = item["image"]
        if item["pubdate"]:
            entry["date_published"] = rfc3339_date(item["pubdate"])
        if item["updateddate"]:
            entry["date_modified"] = rfc3339_date(item["updateddate"])
        return entry


class PostFeed(Feed):
    feed_type = WrittenRss201rev2Feed
    description = _("A team blog about work life, HR and customer service.")

    def title(self, obj=None):
        return SiteIdentity.objects.current().name

    def link(self, obj=None):
        return reverse("blog:index")

    def posts(self, obj):
        return Post.objects.published()

    def items(self, obj=None):
        """The posts whose entries get_feed() writes now: those not written before."""
        return self.to_write

    def topic(self, obj):
        """What the feed lists."""
        return topics.POSTS

    def item_title(self, item):
        # RSS does not say whether a title is text or HTML, and readers guess: feedparser
        # takes one with an entity or a closing tag for HTML. Escaped, it reads right either
        # way (WordPress does the same).
        return escape(item.title)

    def item_description(self, item):
        return item.body_html

    def item_pubdate(self, item):
        # A time the source never gave would be a claim: no pubDate, no <published>.
        return None if item.date_unknown else item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(author.display_name for author in item.author_list) or None

    def item_author_link(self, item):
        author = item.primary_author
        return self.request.build_absolute_uri(author.get_absolute_url()) if author else None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def __call__(self, request, *args, **kwargs):
        # One Feed serves every request for its address, in every thread: each request
        # gets a copy of its own to keep the request and the posts being written.
        return super(PostFeed, copy.copy(self)).__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def listed(self, obj):
        """The ids of the posts the feed lists, kept until its list changes, and the rows
        read to learn them (when they were not kept)."""
        read = []

        def compute():
            shows(self.topic(obj))
            read.extend(self.posts(obj).shown()[:FEED_LENGTH])
            # An empty list is not kept, as a list page with no rows is not: it answers 404
            # for a tag or an author, which costs little to learn again.
            return [post.pk for post in read] or None

        # Every kind of feed of one list lists the same posts.
        return fragment(f"feed-list:{self.topic(obj)}", compute) or [], read

    def has_page(self, obj, ids):
        """Whether readers have this feed, given the posts it lists."""
        return True

    def get_feed(self, obj, request):
        ids, read = self.listed(obj)
        if not self.has_page(obj, ids):
            raise Http404(_("No such page."))
        posts = PageRows(self.posts(obj).shown(), ids, read)
        self.to_write, feed, items = [], None, {}

        def write(indexes):
            nonlocal feed
            posts.read(indexes)
            indexes = [index for index in indexes if posts.get(index) is not None]
            self.to_write = [posts.get(index) for index in indexes]
            fetch_listing_relations(self.to_write)
            feed = super(PostFeed, self).get_feed(obj, request)
            items.update(zip(indexes, feed.items, strict=True))

        def entry(index):
            def compute():
                if index not in items:
                    return None  # Left the list since its ids were kept.
                topics.shows_post(posts.get(index), discussion=False)
                item = _safe_item(items[index])
                return {
                    "written": feed.written(item),
                    "pubdate": item["pubdate"],
                    "updateddate": item["updateddate"],
                }

            return compute

        site = origin(request)
        kind = self.feed_type.__name__
        entries = fragments(
            [(f"feed-entry:{kind}:{site}:{pk}", entry(index)) for index, pk in enumerate(ids)],
            prepare=write,
        )
        if feed is None:
            self.to_write = []
            feed = super().get_feed(obj, request)
        feed.feed = {key: _xml_safe(value) for key, value in feed.feed.items()}
        feed.items = [entry for entry in entries if entry is not None]
        return feed


class PostAtomFeed(PostFeed):
    feed_type = FullContentAtom1Feed

    def subtitle(self, obj=None):
        return self.description

    def item_title(self, item):
        return item.title  # Atom's <title> is text.

    def item_description(self, item):
        # The summary is plain text, and Atom1Feed labels it type="html": escaped, it reads
        # as the text it is, "<svg onload=...>" and code samples included.
        return escape(item.summary)

    def item_extra_kwargs(self, item):
        return {"content_html": item.body_html}


class AuthorAtomFeed(PostAtomFeed):
    def get_object(self, request, slug):
        super().get_object(request)
        return get_object_or_404(Author, slug=slug)

    def has_page(self, obj, ids):
        # From her list, as on her page: Author.objects.public() took 2 ms of the ORM's
        # time to build.
        return obj.has_public_page(len(ids))

    def title(self, obj=None):
        return f"{obj.display_name} – {SiteIdentity.objects.current().name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def posts(self, obj):
        return Post.objects.published().filter(authors=obj)

    def topic(self, obj):
        return author(obj.pk)


class TagAtomFeed(PostAtomFeed):
    def get_object(self, request, slug):
        super().get_object(request)
        return get_object_or_404(Tag, slug=slug)

    def has_page(self, obj, ids):
        return bool(ids)

    def title(self, obj=None):
        return f"{obj.name} – {SiteIdentity.objects.current().name}"

    def link(self, obj=None):
        return reverse("blog:tag", kwargs={"slug": obj.slug})

    def posts(self, obj):
        return Post.objects.published().filter(tags=obj)

    def topic(self, obj):
        return topics.tag(obj.pk)


class JSONFeedMixin:
    """The same posts as JSON Feed 1.1: text as text, the post's HTML as content_html."""

    feed_type = JSONFeed11

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_extra_kwargs(self, item):
        absolute = self.request.build_absolute_uri
        return {
            "summary": item.summary,
            "image": absolute(item.featured_image.url) if item.featured_image else None,
            "authors": [
                {
                    "name": author.display_name,
                    "url": absolute(author.get_absolute_url()),
                    **({"avatar": absolute(author.avatar.url)} if author.avatar else {}),
                }
                for author in item.author_list
            ],
        }


class PostJSONFeed(JSONFeedMixin, PostFeed):
    pass


class AuthorJSONFeed(JSONFeedMixin, AuthorAtomFeed):
    pass


class TagJSONFeed(JSONFeedMixin, TagAtomFeed):
    pass
