"""Reading a WordPress export (WXR 1.0, 1.1 and 1.2), streamed and safely
(importing/xml_exports.py). The namespace is matched whatever its version and
scheme: WordPress.com writes ``https://wordpress.org/export/1.2/``.

This module only reads; what becomes of the items is the loader's business.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from core.notes import note
from importing.records import ImportFormatError
from importing.xml_exports import ExportReader, forget, local_name, namespace, text_of

WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/$")
NO_DATE = "0000-00-00 00:00:00"


@dataclass
class WxrComment:
    comment_id: str
    author: str
    author_email: str
    author_url: str
    author_ip: str
    date: str
    date_gmt: str
    content: str
    approved: str
    comment_type: str
    parent: str


@dataclass
class WxrItem:
    """One ``<item>``: a post, a page, an attachment or anything else WordPress exports."""

    line: int
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_name: str = ""
    status: str = ""
    post_type: str = ""
    post_parent: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    categories: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


@dataclass
class WxrAuthor:
    login: str
    email: str
    display_name: str


class WxrFile(ExportReader):
    """The items and authors of one export, read as they are asked for."""

    def __init__(self, path, on_bytes=None):
        super().__init__(path, on_bytes)
        self.authors = []
        self.version = ""

    def items(self):
        """Yield each ``WxrItem``; ``authors`` fills up as the channel's are passed."""
        for element in self.elements():
            name = local_name(element.tag)
            if name == "item" and not namespace(element.tag):
                yield self._item(element)
                forget(element)
            elif name == "author" and WP_NAMESPACE.match(namespace(element.tag)):
                self.authors.append(self._author(element))
                forget(element)

    def check_root(self, root):
        namespaces = set(root.nsmap.values())
        wp = sorted(uri for uri in namespaces if uri and WP_NAMESPACE.match(uri))
        if local_name(root.tag) != "rss" or not wp:
            raise ImportFormatError(
                f"{self.path}: XML, but not a WordPress export (its root is "
                f"<{local_name(root.tag)}>, not <rss> with the WordPress export namespace). "
                "Export the blog with Tools → Export → All content."
            )
        self.version = wp[-1].rstrip("/").rpartition("/")[2]

    def _item(self, element):
        item = WxrItem(line=element.sourceline or 0)
        for child in element:
            name, value = local_name(child.tag), text_of(child)
            uri = namespace(child.tag)
            if name == "category":
                item.categories.append(
                    (child.get("domain", "category"), child.get("nicename", ""), value)
                )
            elif name == "postmeta":
                key = text_of(child.find("{*}meta_key"))
                item.meta[key] = text_of(child.find("{*}meta_value"))
            elif name == "comment":
                item.comments.append(self._comment(child))
            elif name == "encoded":
                if "excerpt" in uri:
                    item.excerpt = value
                else:
                    item.content = value
            elif name == "is_sticky":
                item.is_sticky = value.strip() == "1"
            elif name == "status":
                item.status = value.strip()
            elif name in _ITEM_FIELDS:
                setattr(item, _ITEM_FIELDS[name], value.strip())
        return item

    @staticmethod
    def _comment(element):
        values = {local_name(child.tag): text_of(child) for child in element}
        return WxrComment(
            comment_id=values.get("comment_id", "").strip(),
            author=values.get("comment_author", "").strip(),
            author_email=values.get("comment_author_email", "").strip(),
            author_url=values.get("comment_author_url", "").strip(),
            author_ip=values.get("comment_author_IP", "").strip(),
            date=values.get("comment_date", "").strip(),
            date_gmt=values.get("comment_date_gmt", "").strip(),
            content=values.get("comment_content", ""),
            approved=values.get("comment_approved", "").strip(),
            comment_type=values.get("comment_type", "").strip(),
            parent=values.get("comment_parent", "0").strip() or "0",
        )

    @staticmethod
    def _author(element):
        values = {local_name(child.tag): text_of(child).strip() for child in element}
        return WxrAuthor(
            login=values.get("author_login", ""),
            email=values.get("author_email", ""),
            display_name=values.get("author_display_name", "") or values.get("author_login", ""),
        )


# Item children whose text goes straight into a field (by local name).
_ITEM_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "creator": "creator",
    "post_id": "post_id",
    "post_date": "post_date",
    "post_date_gmt": "post_date_gmt",
    "post_name": "post_name",
    "post_type": "post_type",
    "post_parent": "post_parent",
    "attachment_url": "attachment_url",
}


# What a post's WordPress status becomes here; a status not listed is not imported.
STATUSES = {
    "publish": "published",
    # Published with a time to come: scheduled, and out by itself when it comes.
    "future": "published",
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
}
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def parse_date(value, zone):
    """A WXR date (``YYYY-MM-DD HH:MM:SS``) in ``zone``; None for none or a bad one."""
    value = value.strip()
    if not value or value == NO_DATE:
        return None
    try:
        return datetime.datetime.strptime(value, _DATE_FORMAT).replace(tzinfo=zone)
    except ValueError:
        return None


def publication_time(item, site_zone):
    """(aware datetime or None, notes): the GMT date first, else the site's local one.

    Drafts keep ``0000-00-00 00:00:00`` as their GMT date; WordPress gives the local
    date in the site's time zone, which the file does not name.
    """
    when = parse_date(item.post_date_gmt, datetime.UTC)
    if when is not None:
        return when, []
    when = parse_date(item.post_date, site_zone)
    if when is not None:
        return when, [
            note(
                gettext_noop("No GMT date in the export: the local date was read in %(zone)s."),
                zone=str(site_zone),
            )
        ]
    return None, [note(gettext_noop("The export gives no date: set the real publication time."))]


def post_status(item):
    """(our status or None to skip it, notes) for a post's WordPress status."""
    status = STATUSES.get(item.status)
    notes = []
    if item.status == "private":
        notes.append(note(gettext_noop("Private in WordPress: imported as a draft.")))
    if item.is_sticky:
        notes.append(
            note(gettext_noop("Sticky in WordPress (kept at the top of the front page there)."))
        )
    return status, notes
