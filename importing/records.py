from collections import Counter
from dataclasses import dataclass, field


class ImportFormatError(ValueError):
    """A source file that cannot be imported; the message says where and how to fix it."""


@dataclass
class ParsedPost:
    """One post as read from a source, before anything touches the database."""

    title: str
    body: str
    line: int
    key: str = ""
    author_name: str = ""
    author_bio: str = ""
    author_email: str = ""
    published_at: object = None
    time_known: bool = False
    tags: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    images_lost: int = 0
    # Characters of source read for this post so far, to stop a runaway one early.
    source_characters: int = 0
    # What export files say and scraped text cannot (None or empty: the run's default).
    status: str | None = None
    slug: str = ""
    excerpt: str = ""
    old_urls: list = field(default_factory=list)
    # The old blog's tag and category pages: (old address, the tag's name).
    old_tag_pages: list = field(default_factory=list)
    # Which of ``tags`` were categories in the source (the report tells them apart).
    categories: list = field(default_factory=list)
    # The export's id of the post's featured image (an attachment of the same file).
    featured_image_id: str = ""
    # Further bylines after the first, in order: (name, email).
    co_authors: list = field(default_factory=list)
    # An export's reader comments, as read (importing.comments writes them).
    comments: list = field(default_factory=list)


class LeftOut:
    """What sources hold that is not imported here: counted by kind, with the first few
    titles of each kind so the report can name them."""

    TITLES = 10

    def __init__(self):
        self.counts = Counter()
        self.titles = {}

    def add(self, kind, title=""):
        self.counts[kind] += 1
        titles = self.titles.setdefault(kind, [])
        if title.strip() and len(titles) < self.TITLES:
            titles.append(" ".join(title.split()))

    def update(self, other):
        self.counts.update(other.counts)
        for kind, titles in other.titles.items():
            mine = self.titles.setdefault(kind, [])
            mine.extend(titles[: self.TITLES - len(mine)])

    def __getitem__(self, kind):
        return self.counts[kind]

    def items(self):
        """(kind, count, titles) sorted by kind."""
        for kind, count in sorted(self.counts.items()):
            yield kind, count, self.titles.get(kind, [])
