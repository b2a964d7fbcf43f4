"""Which existing post an imported one is, when its key changed in the source.

A post's key is made of its source's kind, one more part (the day for Blogger, the
author for WordPress) and its title. Fixing a typo in a title, or a wrong date, changes
the key, and the post would come back as a second copy. So a post whose key is not in
the database is matched to a post of an earlier import that its sources no longer hold
(never to one they still hold) when

- its text is nearly the same (``SAME_TEXT``), and
- only one part of the key changed: the same title (the date or author was corrected),
  or the same day or author and a nearly equal title (``SAME_TITLE``: a typo fixed).

Two posts that share a title stay apart: each finds its own key, and neither is an
orphan for the other. Nothing is matched when both the title and the date changed.
"""

from difflib import SequenceMatcher

from blog.models import Post

# Export files key a post by its own id there, which no edit changes: nothing to match.
STABLE_KEYS = {"wxr", "blogger-atom"}
SAME_TEXT = 0.9
SAME_TITLE = 0.8
# Enough text to tell two posts apart, and a bounded cost per comparison.
COMPARED_CHARACTERS = 4000


def _parts(key):
    """(kind, day or author, title) of an import key; a trailing ":2" is not the title."""
    kind, _colon, rest = key.partition(":")
    middle, _colon, title = rest.partition(":")
    return kind, middle, title.split(":", 1)[0]


def _alike(first, second):
    return SequenceMatcher(None, first, second, autojunk=False).ratio()


class Orphans:
    """Posts of earlier imports whose keys the sources of this run no longer hold.

    Only their keys are held; texts are read for the few whose key could match.
    """

    def __init__(self, keys_in_sources):
        self._keys_in_sources = keys_in_sources
        self._pool = None

    def _load(self):
        keys = Post.objects.exclude(import_key=None).values_list("import_key", "pk")
        self._pool = {key: pk for key, pk in keys.iterator() if key not in self._keys_in_sources}

    def claim(self, parsed):
        """The orphan that ``parsed`` is, taken out of the pool; or None."""
        if self._pool is None:
            self._load()
        kind, middle, title = _parts(parsed.key)
        if kind in STABLE_KEYS:
            return None
        candidates = []
        for key, pk in self._pool.items():
            other_kind, other_middle, other_title = _parts(key)
            if other_kind != kind:
                continue
            if title == other_title or (
                middle == other_middle and _alike(title, other_title) >= SAME_TITLE
            ):
                candidates.append(pk)
        text = parsed.body[:COMPARED_CHARACTERS]
        best, best_score = None, 0.0
        for post in Post.objects.filter(pk__in=candidates).order_by("pk"):
            score = _alike(text, post.body[:COMPARED_CHARACTERS])
            if score >= SAME_TEXT and score > best_score:
                best, best_score = post, score
        if best is not None:
            del self._pool[best.import_key]
        return best
