"""Full-text search over what readers may see, in Finnish, the same on both databases.

Posts and queries go through one analysis (core.text_analysis: Voikko's base forms,
Snowball's stems, no diacritics), stored on each post as terms (``search_title``,
``search_labels`` for tags and authors, kept by ``PostQuerySet.refresh_search_labels``,
``search_body``, ``search_extra`` for the other readings and the parts of compounds).
The databases only match terms: SQLite in an FTS5 index kept by triggers (bm25, title
above tags and authors above text), PostgreSQL with tsvectors of the same terms
("simple": no second analysis; a stored, indexed column). So both find the same posts.

A reader may type inflected words ("esimiehen" finds "esimies"), part of a compound
("työ" finds "tiimityö"), words without ä or ö, and "a phrase in quotes"; every word must
match. Exact spellings rank first; highlights and snippets are made here, escaped, from
the post's own text.
"""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from blog import counts, topics
from blog.models import NOT_ON_CARDS, Post
from core import compiled, text_analysis
from core.caching import fragment, fragments, shows
from core.pagination import PageRows

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# A reader's search ranks the newest this many posts it matches, and shows them all: it
# reads their ids and titles, pages read only theirs. Ranking every match of a word in
# every post took 7 ms on SQLite and 55 ms on PostgreSQL at 10,000 posts (docs/performance.md).
MAX_HITS = 500
# How near a word must be to be offered for one that finds nothing (difflib's ratio):
# one letter wrong, missing or swapped in a word of five letters or more.
SUGGESTION_CUTOFF = 0.8
SNIPPET_WORDS = 30
_PHRASE = re.compile(r'"([^"]*)"')
# FTS5 column weights: title, tags and authors, text, other readings and compound parts.
WEIGHTS = (10.0, 5.0, 1.0, 0.5)
COLUMNS = ("search_title", "search_labels", "search_body", "search_extra")
# The posts a query matches: SQLite's FTS5 index, PostgreSQL's tsvector column.
FTS_MATCHES = "SELECT rowid FROM blog_post_fts WHERE blog_post_fts MATCH %s"
PG_MATCHES = "search_vector @@ to_tsquery('simple', %s)"
# A post's time as seconds, to order hits by: psycopg reads a float in C, where Django
# reads each datetime in Python (1 ms for 500 hits).
AT = RawSQL("extract(epoch FROM published_at)::float8", [], output_field=FloatField())
# What a hit does not show: a card's unread fields but the plain text of its snippet.
HIT_UNREAD = [field for field in NOT_ON_CARDS if field != "search_text"]


class Hit:
    """A post found, read (with the other hits of its page, in one query), highlighted and
    cut into a snippet only when asked for: a hit whose card is kept is never read.
    ``post`` is None for a post gone since the ranking was kept."""

    def __init__(self, index, page):
        self.index, self._page = index, page
        self.pk = page.rows.ids[index]

    @property
    def key(self):
        """What its card is kept under: the post, and the words this search highlights."""
        return f"search-hit:{self.pk}:{self._page.terms}"

    @cached_property
    def post(self):
        return self._page.rows.get(self.index)

    @cached_property
    def title(self):
        return _highlighted(self.post.title, self._page.matching)

    @cached_property
    def snippet(self):
        return _snippet(self.post, self._page.matching)


def read_hits(hits):
    """Read the posts of ``hits``, of one page of results, not read yet: in one query."""
    if hits:
        hits[0]._page.rows.read([hit.index for hit in hits])


class _HitPage:
    """The hits of one page of results, read together: what their cards show and the
    text their snippets come from."""

    def __init__(self, pks, matching):
        self.rows = PageRows(Post.objects.defer(*HIT_UNREAD), pks)
        self.matching = matching
        self.terms = hashlib.sha256(" ".join(sorted(matching)).encode()).hexdigest()[:16]


@dataclass
class Query:
    """What a reader typed: single words (each a set of terms, any of which may match)
    and phrases (terms in order), all of which must match."""

    words: list
    phrases: list
    typed: list

    def __bool__(self):
        return bool(self.words or self.phrases)

    def matching(self):
        """Every term a highlighted word may have."""
        found = {term for alternatives in self.words for term in alternatives}
        return found | {term for phrase in self.phrases for term in phrase}


def parse(query):
    """The ``Query`` in what a reader typed; empty when there is nothing to search."""
    phrases = []
    for quoted in _PHRASE.findall(query):
        terms = text_analysis.terms(quoted)
        if len(terms) > 1:
            phrases.append(terms)
    rest = _PHRASE.sub(lambda match: " " if len(text_analysis.words(match[1])) > 1 else match[1],
                       query)  # fmt: skip
    words = []
    typed = text_analysis.words(query)[:MAX_TERMS]
    for word in text_analysis.words(rest):
        term, others, _parts = text_analysis.analyse(word)
        alternatives = (term, *others)
        if alternatives not in words:
            words.append(alternatives)
    budget = MAX_TERMS - sum(len(phrase) for phrase in phrases)
    return Query(words=words[: max(budget, 0)], phrases=phrases[:MAX_TERMS], typed=typed)


def search_posts(query, every=True, limit=MAX_HITS):
    """The ``Results`` of ``query``: visible posts matching every word and phrase of it
    (or, ``every`` False, any of them), best first; at most ``limit``, ranked among the
    newest ``MAX_HITS`` posts matching (None: every match ranked, and all of them). The
    newest: on PostgreSQL of the posts readers see, on SQLite of all (its index of terms
    knows no visibility; a draft among them leaves one place empty).

    The ranking is kept until a post's text or the list of posts changes: a search page
    retired by anything else (a comment's count on a hit) ranks no post again."""
    parsed = parse(query)
    if not parsed:
        return Results([], False, parsed)
    key = _key(parsed.words, parsed.phrases, parsed.typed, every, limit)
    return Results(*fragment(f"search:{key}", lambda: _ranked(parsed, every, limit)), parsed)


def finds_any(query, every=True):
    """Whether ``query`` finds a post readers see, as ``search_posts`` would, without
    ranking what it finds; kept as a ranking is."""
    parsed = parse(query)
    if not parsed:
        return False
    key = _key(parsed.words, parsed.phrases, every)
    return fragment(f"search-finds:{key}", lambda: _finds_any(parsed, every))


def _key(*asked):
    """What a search was asked, as a short name for what it found."""
    return hashlib.sha256(json.dumps(asked).encode()).hexdigest()[:32]


def _finds_any(parsed, every):
    shows(topics.POSTS, topics.TEXTS)
    joined = " AND " if every else " OR "
    visible = Post.objects.published()
    if connection.vendor == "postgresql":
        return _pg_matching(visible, _tsquery(parsed, joined)).exists()
    matches = RawSQL(FTS_MATCHES, [_fts_query(parsed, joined)])
    return visible.filter(pk__in=matches).exists()


def _ranked(parsed, every, limit):
    shows(topics.POSTS, topics.TEXTS)
    find = _postgresql if connection.vendor == "postgresql" else _sqlite
    # The newest posts matching (None: all); ``more``: not every post matching was ranked.
    newest = MAX_HITS if limit is not None else None
    ranked, more = find(parsed, " AND " if every else " OR ", limit, newest)
    # A typed word as a whole word of the title (text_analysis.words), found without
    # splitting every title into its words: a word in every title split a thousand.
    exact = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, set(parsed.typed))) + r")(?!\w)")

    def exact_words(title):
        return len(set(exact.findall(title.casefold())))

    # Exact spellings in the title first, the databases' own order kept among equals.
    if parsed.typed:
        ranked.sort(key=lambda row: -exact_words(row[1]))
    return [pk for pk, _title in ranked], more


def suggestion(query):
    """``query``, which found no post (the search page asks only then), with each word
    that finds nothing replaced by the nearest word of the visible posts' titles, tags
    and authors, when that finds something; else None."""
    vocabulary = None
    words = text_analysis.words(query)[:MAX_TERMS]
    suggested = []
    for word in words:
        # The one word of a query that found nothing finds nothing: not asked again.
        if len(words) > 1 and finds_any(word):
            suggested.append(word)
            continue
        if vocabulary is None:
            vocabulary = _vocabulary()
        key = text_analysis.unaccented(word.lower())
        nearest = difflib.get_close_matches(key, vocabulary, n=1, cutoff=SUGGESTION_CUTOFF)
        suggested.append(vocabulary[nearest[0]] if nearest else word)
    if suggested == words:
        return None
    offer = " ".join(suggested)
    return offer if finds_any(offer, every=False) else None


def _vocabulary():
    """The words readers see in the lists: unaccented, lower-case form to the word.

    Kept in pieces: the words of the titles of each run of ids (``blog.topics.post_run``),
    read again only when a post among them changes; the names of tags and authors come
    from their indexes (blog.counts). A new post reads its run's titles again, not every
    title and tagging: 200 ms at 10,000 posts before."""
    starts = range(0, fragment("search-vocabulary-last", _last_post) + 1, topics.POST_RUN)
    titles = {start: [] for start in starts}

    def read(indexes):
        def visible():
            runs = Q()
            for index in indexes:
                runs |= Q(pk__gte=starts[index], pk__lt=starts[index] + topics.POST_RUN)
            return Post.objects.published().filter(runs).order_by("pk").values_list("pk", "title")

        # After a new post its run alone is read, page after page: its SQL is kept.
        named = ",".join(str(starts[index]) for index in indexes)
        for pk, title in compiled.rows(f"search-vocabulary:{named}", visible):
            titles[pk - pk % topics.POST_RUN].append(title)

    def run(start):
        def compute():
            shows(topics.post_run(start))
            return _words(titles[start])

        return compute

    pieces = fragments(
        [(f"search-vocabulary:{start}", run(start)) for start in starts], prepare=read
    )
    vocabulary = {}
    for piece in [*pieces, _words(counts.names())]:
        vocabulary.update(piece)
    return vocabulary


def _last_post():
    shows(topics.POSTS)
    last = compiled.rows("last-post", lambda: Post.objects.order_by("-pk").values_list("pk")[:1])
    return last[0][0] if last else 0


def _words(texts):
    # Each word once, in the order found: most titles share most of their words.
    words = dict.fromkeys(
        word
        for text in texts
        if text
        for word in text_analysis.words(text.lower())
        if len(word) >= 3 and not word.isdigit()
    )
    return {text_analysis.unaccented(word): word for word in words}


class Results:
    """Ranked search hits: counted and sliced as a paginator does; only the posts of the
    slice asked for are read and highlighted, and only when their cards are not kept.
    ``more``: more posts match than were ranked (``MAX_HITS``)."""

    def __init__(self, pks, more, parsed):
        self.pks, self.more = pks, more
        self._matching = parsed.matching() if parsed else set()

    def __len__(self):
        return len(self.pks)

    def __bool__(self):
        return bool(self.pks)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        page = _HitPage(self.pks[index], self._matching)
        return [Hit(each, page) for each in range(len(page.rows))]

    def __iter__(self):
        return iter(self[:])


def _fts_query(parsed, joined):
    every = "{" + " ".join(COLUMNS) + "}"
    groups = [
        f"{every} : (" + " OR ".join(f'"{term}"' for term in alternatives) + ")"
        for alternatives in parsed.words
    ]
    groups += [
        '{search_title search_body} : "' + " ".join(phrase) + '"' for phrase in parsed.phrases
    ]
    # Terms are \w+ only, so nothing a reader types is read as FTS5 syntax.
    return joined.join(groups)


def _sqlite(parsed, joined, limit, newest):
    weights = ", ".join(str(weight) for weight in WEIGHTS)
    match = _fts_query(parsed, joined)
    # The first match beyond the ``newest``, newest first, if there is one: read from the
    # index in the order of ids (0.2 ms for a word in all of 10,000 posts).
    beyond, params = "NULL", []
    if newest is not None:
        beyond = f"({FTS_MATCHES} ORDER BY rowid DESC LIMIT 1 OFFSET %s)"
        params = [match, newest]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, {beyond} IS NOT NULL FROM blog_post_fts"
            f" WHERE blog_post_fts MATCH %s AND rowid > coalesce({beyond}, 0)"
            f" ORDER BY bm25(blog_post_fts, {weights}) LIMIT %s",
            # LIMIT -1: no limit.
            [*params, match, *params, -1 if limit is None else limit],
        )
        found = cursor.fetchall()
    ranked = [pk for pk, _more in found]
    more = bool(found and found[0][1])
    if not ranked:
        return [], more
    # Visibility by published() itself, on the matches by their ids: a subquery inside
    # the MATCH was read again for every match (50 ms at a thousand). The ids go as one
    # JSON array: as a thousand parameters, Django took longer to pass them than SQLite
    # to read the posts.
    matches = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ranked)])
    # Which are visible from an index holding the status and time, then the titles from
    # the rows: a post of `make bench` fills three pages of the file, its status and time
    # after its text, and read from the rows 500 matches took 2 ms, now 0.9.
    visible = Post.objects.published().filter(pk__in=matches).values("pk")
    titles = dict(Post.objects.filter(pk__in=visible).order_by().values_list("pk", "title"))
    return [(pk, titles[pk]) for pk in ranked if pk in titles], more


def _tsquery(parsed, joined):
    groups = ["(" + " | ".join(alternatives) + ")" for alternatives in parsed.words]
    groups += ["(" + " <-> ".join(phrase) + ")" for phrase in parsed.phrases]
    operator = " & " if joined == " AND " else " | "
    # Terms are \w+ only, so nothing a reader types is read as tsquery syntax. The
    # column search_vector (migration 0016, PostgreSQL only) holds the terms, weighted.
    return operator.join(groups)


def _pg_matching(posts, query):
    """``posts`` whose terms match the tsquery ``query``."""
    matched = RawSQL(PG_MATCHES, [query], output_field=BooleanField())
    return posts.alias(matched=matched).filter(matched=True)


def _postgresql(parsed, joined, limit, newest):
    query = _tsquery(parsed, joined)
    rank = RawSQL(
        "ts_rank(search_vector, to_tsquery('simple', %s))", [query], output_field=FloatField()
    )
    rows = _pg_matching(Post.objects.published(), query).annotate(rank=rank, at=AT)
    rows = rows.values_list("pk", "title", "rank", "at")
    if newest is None:
        found, more = list(rows.order_by("-rank", "-published_at")[:limit]), False
    else:
        # The newest visible matches and one more, to tell whether more match: one plain
        # query, each row's terms read once, ranked here. Ranked in SQL, the rows found
        # were read a second time (4.3 ms against 2.6 for a word in four posts of ten at
        # 10,000 posts; docs/performance.md).
        found = list(rows.order_by("-pk")[: newest + 1])
        found, more = found[:newest], len(found) > newest
        # Best first, the newer first among equals: as ORDER BY rank DESC, published_at DESC.
        found = sorted(found, key=lambda row: (row[2], row[3]), reverse=True)[:limit]
    return [(pk, title) for pk, title, _rank, _at in found], more


def _analysed(text):
    """(start, end, terms) of each word of ``text``."""
    for match in text_analysis.WORD.finditer(text):
        term, others, parts = text_analysis.analyse(match.group(0).casefold())
        yield match.start(), match.end(), {term, *others, *parts}


def _highlighted(text, matching):
    out, position = [], 0
    for start, end, terms in _analysed(text):
        if terms & matching:
            out.append(escape(text[position:start]))
            out.append(f"<mark>{escape(text[start:end])}</mark>")
            position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped)


def _snippet(post, matching):
    """About ``SNIPPET_WORDS`` words of the text around its first match, highlighted."""
    text = post.search_text
    spans = []
    first = None
    # Words are analysed only as far as the snippet needs.
    for start, end, terms in _analysed(text):
        spans.append((start, end))
        if first is None and terms & matching:
            first = len(spans) - 1
        if first is not None and len(spans) >= first + SNIPPET_WORDS:
            break
        if first is None and len(spans) > SNIPPET_WORDS:
            # Keep the words before a match that may still come at a window's length.
            del spans[: len(spans) - SNIPPET_WORDS]
    if first is None:
        return _highlighted(post.summary[:300], matching)
    begin = max(first - SNIPPET_WORDS // 3, 0)
    end = min(begin + SNIPPET_WORDS, len(spans)) - 1
    start_at, stop_at = spans[begin][0], spans[end][1]
    piece = _highlighted(text[start_at:stop_at], matching)
    before = "… " if start_at > 0 else ""
    after = " …" if stop_at < len(text.rstrip()) else ""
    return mark_safe(f"{before}{piece}{after}")  # noqa: S308 (piece escaped)


# The triggers that keep the FTS5 index of the terms in step with blog_post (made by
# migration 0015). SQLite loses a table's triggers whenever a migration rebuilds
# the table, as adding a field with a default does, so they are put back after migrate.
_COLUMN_LIST = ", ".join(COLUMNS)
_NEW = ", ".join(f"new.{column}" for column in COLUMNS)
_OLD = ", ".join(f"old.{column}" for column in COLUMNS)
SQLITE_TRIGGERS = {
    "blog_post_fts_insert": f"""CREATE TRIGGER blog_post_fts_insert AFTER INSERT ON blog_post
        BEGIN
            INSERT INTO blog_post_fts(rowid, {_COLUMN_LIST}) VALUES (new.id, {_NEW});
        END""",
    "blog_post_fts_delete": f"""CREATE TRIGGER blog_post_fts_delete AFTER DELETE ON blog_post
        BEGIN
            INSERT INTO blog_post_fts(blog_post_fts, rowid, {_COLUMN_LIST})
            VALUES ('delete', old.id, {_OLD});
        END""",
    "blog_post_fts_update": f"""CREATE TRIGGER blog_post_fts_update
        AFTER UPDATE OF {_COLUMN_LIST} ON blog_post
        BEGIN
            INSERT INTO blog_post_fts(blog_post_fts, rowid, {_COLUMN_LIST})
            VALUES ('delete', old.id, {_OLD});
            INSERT INTO blog_post_fts(rowid, {_COLUMN_LIST}) VALUES (new.id, {_NEW});
        END""",
}


def repair_sqlite_index(using="default"):
    """Put back lost FTS5 triggers and re-index; return the names that were missing."""
    from django.db import connections

    db = connections[using]
    if db.vendor != "sqlite":
        return []
    with db.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'blog_post_fts%'")
        present = {name for _type, name in cursor.fetchall()}
        if "blog_post_fts" not in present:
            return []
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(SQLITE_TRIGGERS[name])
        if missing:
            cursor.execute("INSERT INTO blog_post_fts(blog_post_fts) VALUES ('rebuild')")
    return missing
