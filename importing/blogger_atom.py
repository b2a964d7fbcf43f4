"""Reading a Blogger export ("Back up content": one Atom feed), streamed and safely
(importing/xml_exports.py).

One feed holds entries of every kind (post, page, comment, settings, template), told
apart by a category. Real exports use the prefix ``app:`` for drafts without declaring
it; the reader declares it and says so in its repairs.
"""

import datetime
from dataclasses import dataclass, field

from importing.records import ImportFormatError
from importing.xml_exports import ExportReader, forget, local_name, namespace, text_of

ATOM = "http://www.w3.org/2005/Atom"
APP = "http://www.w3.org/2007/app"
THREAD = "http://purl.org/syndication/thread/1.0"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
# Blogger puts this on every author: it reaches nobody, so it is no address.
NO_ADDRESS = "noreply@blogger.com"


@dataclass
class BloggerEntry:
    line: int
    kind: str = ""
    entry_id: str = ""
    title: str = ""
    content: str = ""
    published: object = None
    updated: object = None
    url: str = ""
    draft: bool = False
    labels: list = field(default_factory=list)
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    # The Atom id of the post a comment is on.
    in_reply_to: str = ""
    # A reply's link to the comment it answers (its feed address).
    replying_to: str = ""


def _moment(value):
    try:
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None


class BloggerFeed(ExportReader):
    undeclared_prefixes = {"app": APP}

    def check_root(self, root):
        if local_name(root.tag) != "feed" or namespace(root.tag) != ATOM:
            raise ImportFormatError(
                f"{self.path}: XML, but not a Blogger export (its root is "
                f"<{local_name(root.tag)}>, not an Atom <feed>). In Blogger, use Settings → "
                "Back up content → Download."
            )

    def entries(self):
        """Yield each ``BloggerEntry`` of the feed, of every kind."""
        for element in self.elements():
            if local_name(element.tag) == "entry" and namespace(element.tag) == ATOM:
                yield self._entry(element)
                forget(element)

    def _entry(self, element):
        entry = BloggerEntry(line=element.sourceline or 0)
        for child in element.iter():
            name, uri = local_name(child.tag), namespace(child.tag)
            if uri == APP:
                self.note_undeclared(child)
            if uri == ATOM and child.getparent() is element:
                self._atom_child(entry, child, name)
            elif uri == APP and name == "draft":
                entry.draft = text_of(child).strip().lower() == "yes"
            elif uri == THREAD and name == "in-reply-to":
                entry.in_reply_to = child.get("ref", "")
        return entry

    @staticmethod
    def _atom_child(entry, child, name):
        if name == "category":
            scheme, term = child.get("scheme", ""), child.get("term", "")
            if scheme == KIND_SCHEME:
                entry.kind = term.removeprefix(KIND_PREFIX)
            elif scheme == LABEL_SCHEME and term:
                entry.labels.append(term)
        elif name in ("published", "updated"):
            setattr(entry, name, _moment(text_of(child)))
        elif name == "id":
            entry.entry_id = text_of(child).strip()
        elif name in ("title", "content"):
            setattr(entry, name, text_of(child))
        elif name == "link" and child.get("rel") == "alternate":
            entry.url = child.get("href", "")
        elif name == "link" and child.get("rel") == "related":
            entry.replying_to = child.get("href", "")
        elif name == "author":
            values = {local_name(part.tag): text_of(part).strip() for part in child}
            entry.author_name = values.get("name", "")
            entry.author_url = values.get("uri", "")
            email = values.get("email", "")
            entry.author_email = "" if email.lower() == NO_ADDRESS else email
