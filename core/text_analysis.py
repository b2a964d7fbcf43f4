"""Finnish words as search terms: the same analysis for what is indexed and what is asked.

Finnish inflects and compounds: "esimies", "esimiehen", "esimiestä" are one word, and
"tiimityö" holds "työ". Each word becomes

- a *term*: its base form (Voikko, the Finnish morphology Debian packages as libvoikko
  and voikko-fi) run through Snowball's Finnish stemmer, so that the base forms Voikko
  gives ("esimies") and the stems of words it does not know (names, English, typos) meet
  in one vocabulary; without Voikko on the machine, the stem alone;
- *other terms*: the rest of an ambiguous word's base forms ("kuusi": six, a spruce);
- *parts*: a compound's parts, each as a term ("tiimityö": "tiimi", "työ").

Every term is written without diacritics (ä as a, ö as o), so a reader without a Finnish
keyboard finds the same posts; the search ranks exact spellings first by itself.
"""

import functools
import logging
import re
import unicodedata

import Stemmer

logger = logging.getLogger(__name__)

WORD = re.compile(r"\w+")
# Words this long are no Finnish words (hashes, file names): stemmed, never analysed.
LONGEST_ANALYSED = 60


@functools.cache
def _stemmer():
    return Stemmer.Stemmer("finnish")


@functools.cache
def _voikko():
    """Voikko for Finnish, or None when the machine lacks libvoikko or its dictionary."""
    try:
        import libvoikko

        return libvoikko.Voikko("fi")
    except (ImportError, OSError) as error:
        logger.warning(
            "Voikko is not available (%s): search falls back to the stemmer alone. "
            "Install libvoikko1 and voikko-fi (make install does).",
            error,
        )
        return None


def voikko_available():
    return _voikko() is not None


def words(text):
    """The words of ``text``, lower-cased, in order."""
    return WORD.findall(text.casefold())


def unaccented(word):
    """``word`` without diacritics: "pöytä" is "poyta", "café" is "cafe"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def _stem(word):
    return _stemmer().stemWord(unaccented(word))


@functools.lru_cache(maxsize=100_000)
def analyse(word):
    """(term, other terms, parts) of one lower-case word."""
    voikko = _voikko() if len(word) <= LONGEST_ANALYSED and not word.isdigit() else None
    analyses = voikko.analyze(word) if voikko else []
    if not analyses:
        return _stem(word), (), ()
    bases = list(dict.fromkeys(analysis["BASEFORM"].casefold() for analysis in analyses))
    term = _stem(bases[0])
    others = dict.fromkeys(map(_stem, bases[1:]))
    if unaccented(word) != word:
        # The word's own stem too: what it comes to typed without its ä or ö, which
        # Voikko does not know ("esimiesta" for "esimiestä").
        others[_stem(word)] = None
    others.pop(term, None)
    return term, tuple(others), _parts(word, analyses[0].get("STRUCTURE", ""), term)


def _parts(word, structure, term):
    """The terms of a compound's parts, read from Voikko's STRUCTURE ("=" starts a part)."""
    if structure.count("=") < 2:
        return ()
    pieces, current = [], ""
    letters = iter(word)
    for mark in structure:
        if mark == "=":
            if current:
                pieces.append(current)
            current = ""
        else:
            current += next(letters, "")
    pieces.append(current + "".join(letters))
    parts = {}
    for piece in pieces:
        if len(piece) > 1:
            part, others, _ = analyse(piece)
            parts.update(dict.fromkeys((part, *others)))
    parts.pop(term, None)
    return tuple(parts)


def terms(text):
    """The term of each word of ``text``, in order (what phrases are matched against)."""
    return [analyse(word)[0] for word in words(text)]


def extra_terms(text):
    """The other terms and compound parts of the words of ``text``, each once."""
    found = {}
    for word in words(text):
        _term, others, parts = analyse(word)
        found.update(dict.fromkeys(others + parts))
    return list(found)
