"""The posts and comments of a Blogger export as the importer's records (``ParsedPost``).

Keyed by the entry's own Atom id, so a second run finds each post whatever its title
became. A Blogger feed lists comments apart from their posts, usually after all of
them; the comments are read first, into a temporary table on disk (memory stays flat
however many there are), and each post then takes its own along.
"""

import datetime
import json
import re
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import asdict
from urllib.parse import urlsplit

from importing.blogger_atom import BloggerFeed
from importing.html_markdown import to_markdown
from importing.records import ParsedPost
from importing.wxr import WxrComment

# Kinds of entry that are not posts of this blog, by the name the report gives them.
OTHER_KINDS = {"page": "page", "settings": "setting", "template": "template"}
_GMT = "%Y-%m-%d %H:%M:%S"


def _number(reference):
    """The trailing number of an Atom id (``tag:blogger.com,1999:blog-1.post-42``: 42)
    or of a comment's feed address (``.../comments/default/42``)."""
    found = re.search(r"(\d+)/?$", reference)
    return found.group(1) if found else reference


def _as_comment(entry):
    """A Blogger comment entry as the record ``importing.comments`` writes."""
    when = entry.published.astimezone(datetime.UTC).strftime(_GMT) if entry.published else ""
    return WxrComment(
        comment_id=_number(entry.entry_id),
        author=entry.author_name,
        author_email=entry.author_email,
        author_url=entry.author_url,
        author_ip="",
        date=when,
        date_gmt=when,
        content=entry.content,
        # Blogger exports what readers see, and what waits for moderation as a draft.
        approved="0" if entry.draft else "1",
        comment_type="comment",
        parent=_number(entry.replying_to) if entry.replying_to else "0",
    )


class _CommentsByPost:
    """Comment records kept on disk by the Atom id of the post they are on."""

    def __init__(self):
        self._file = tempfile.NamedTemporaryFile(suffix=".sqlite3")  # noqa: SIM115 (closed by close)
        self._db = sqlite3.connect(self._file.name)
        self._db.execute("CREATE TABLE comment (post TEXT, record TEXT)")
        self._db.execute("CREATE INDEX comment_post ON comment (post)")

    def add(self, post, record):
        self._db.execute("INSERT INTO comment VALUES (?, ?)", (post, json.dumps(asdict(record))))

    def of(self, post):
        rows = self._db.execute("SELECT record FROM comment WHERE post = ?", (post,))
        return [WxrComment(**json.loads(record)) for (record,) in rows]

    def close(self):
        self._db.close()
        self._file.close()


def posts(path, skipped, repairs, on_bytes=None):
    """Yield a ``ParsedPost`` for each post of the Blogger export at ``path``; ``skipped``
    (a ``LeftOut``) hears what is left out, ``repairs`` what was repaired, ``on_bytes``
    how far the reading has come."""
    comments = _CommentsByPost()
    with closing(comments):
        for entry in BloggerFeed(path).entries():
            if entry.kind == "comment" and entry.in_reply_to:
                comments.add(entry.in_reply_to, _as_comment(entry))
        # The bar counts this reading, the one that yields posts.
        feed = BloggerFeed(path, on_bytes)
        for entry in feed.entries():
            if entry.kind != "post":
                if entry.kind != "comment":
                    kind = OTHER_KINDS.get(entry.kind, entry.kind or "untyped")
                    skipped.add(kind, entry.title if kind == "page" else "")
                continue
            body, notes = to_markdown(entry.content, classic=False)
            yield ParsedPost(
                title=entry.title.strip() or f"(untitled {_number(entry.entry_id)})",
                body=body,
                line=entry.line,
                key=f"blogger-atom:{entry.entry_id}",
                author_name=entry.author_name,
                author_email=entry.author_email,
                published_at=entry.published,
                time_known=entry.published is not None,
                tags=sorted({label.strip() for label in entry.labels if label.strip()}),
                notes=notes,
                status="draft" if entry.draft else "published",
                slug=_slug(entry.url),
                old_urls=[entry.url] if entry.url else [],
                comments=comments.of(entry.entry_id),
                old_tag_pages=[(f"/search/label/{label}", label) for label in entry.labels],
            )
        repairs.extend(feed.repairs)


def _slug(url):
    """A post's address name on Blogger (``/2015/10/can-do.html``: ``can-do``)."""
    return urlsplit(url).path.rpartition("/")[2].removesuffix(".html")
