"""Full-text search over what readers may see, forgiving of Finnish inflection.

Finnish inflects and compounds ("fasilitointi", "fasilitoinnin", "fasilitointitaitoja"),
so each search word is cut to a prefix (its last three letters dropped) and matched as a
word beginning. SQLite uses the FTS5 index made in migration 0004; PostgreSQL uses its
"finnish" text search configuration without diacritics (migration 0009) with prefix
matching. Hits come back with <mark>ed titles and snippets, escaped here so templates can
print them as they are.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from blog.models import Post

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_HITS = 100
_WORD = re.compile(r"\w+")
_START, _END = "\x02", "\x03"
PG_CONFIG = "finnish_unaccent"


@dataclass
class Hit:
    post: Post
    title: str
    snippet: str


def search_terms(query):
    """The words of ``query`` as match prefixes; empty when there is nothing to search."""
    words = _WORD.findall(query.lower())[:MAX_TERMS]
    return [word if len(word) <= 4 else word[: max(4, len(word) - 3)] for word in words]


def search_posts(query):
    """Visible posts matching every word of ``query``, best first, with highlights."""
    terms = search_terms(query)
    if not terms:
        return []
    ranked = _postgresql(terms) if connection.vendor == "postgresql" else _sqlite(terms)
    posts = Post.objects.with_listing_relations().in_bulk([r[0] for r in ranked])
    return [
        Hit(post=posts[pk], title=_marked(title), snippet=_marked(snippet))
        for pk, title, snippet in ranked
    ]


def _sqlite(terms):
    # Quoted, so nothing a reader types is read as FTS5 syntax.
    match = " ".join(f'"{term}"*' for term in terms)
    # The visibility rule is published() itself, compiled into the query as a subquery.
    visible, visible_params = Post.objects.published().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, highlight(blog_post_fts, 0, %s, %s),"
            " snippet(blog_post_fts, 1, %s, %s, '…', 30)"
            " FROM blog_post_fts WHERE blog_post_fts MATCH %s"
            f" AND rowid IN ({visible})"
            " ORDER BY bm25(blog_post_fts, 5.0, 1.0) LIMIT %s",
            [_START, _END, _START, _END, match, *visible_params, MAX_HITS],
        )
        return cursor.fetchall()


def _postgresql(terms):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    # Terms are \w+ only, so the raw tsquery cannot carry operators from the reader.
    query = SearchQuery(
        " & ".join(f"{term}:*" for term in terms), search_type="raw", config=PG_CONFIG
    )
    vector = SearchVector("title", weight="A", config=PG_CONFIG) + SearchVector(
        "search_text", weight="B", config=PG_CONFIG
    )
    marks = {"start_sel": _START, "stop_sel": _END, "config": PG_CONFIG}
    rows = (
        Post.objects.published()
        .annotate(rank=SearchRank(vector, query))
        .filter(rank__gt=0)
        .annotate(
            marked_title=SearchHeadline("title", query, highlight_all=True, **marks),
            marked_snippet=SearchHeadline("search_text", query, max_words=40, **marks),
        )
        .order_by("-rank")
        .values_list("pk", "marked_title", "marked_snippet")[:MAX_HITS]
    )
    return list(rows)


# The triggers that keep the FTS5 index in step with blog_post (made first by migration
# 0004). SQLite loses a table's triggers whenever a migration rebuilds the table, as adding
# a field with a default does, so they are put back after every migrate.
_SQLITE_TRIGGERS = {
    "blog_post_fts_insert": """CREATE TRIGGER blog_post_fts_insert AFTER INSERT ON blog_post
        BEGIN
            INSERT INTO blog_post_fts(rowid, title, search_text)
            VALUES (new.id, new.title, new.search_text);
        END""",
    "blog_post_fts_delete": """CREATE TRIGGER blog_post_fts_delete AFTER DELETE ON blog_post
        BEGIN
            INSERT INTO blog_post_fts(blog_post_fts, rowid, title, search_text)
            VALUES ('delete', old.id, old.title, old.search_text);
        END""",
    "blog_post_fts_update": """CREATE TRIGGER blog_post_fts_update
        AFTER UPDATE OF title, search_text ON blog_post
        BEGIN
            INSERT INTO blog_post_fts(blog_post_fts, rowid, title, search_text)
            VALUES ('delete', old.id, old.title, old.search_text);
            INSERT INTO blog_post_fts(rowid, title, search_text)
            VALUES (new.id, new.title, new.search_text);
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
        missing = [name for name in _SQLITE_TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(_SQLITE_TRIGGERS[name])
        if missing:
            cursor.execute("INSERT INTO blog_post_fts(blog_post_fts) VALUES ('rebuild')")
    return missing


def _marked(text):
    return mark_safe(
        escape(text or "").replace(_START, "<mark>").replace(_END, "</mark>")  # noqa: S308
    )
