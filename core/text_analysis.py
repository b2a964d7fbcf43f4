"""Finnish words as search terms: the same analysis for what is indexed and what is asked.

Finnish inflects and compounds: "esimies", "esimiehen", "esimiestä" are one word, and
"tiimityö" holds "työ". Each word becomes

- a *term*: its base form (Voikko, the Finnish morphology Debian packages as libvoikko
  and voikko-fi) run through Snowball's Finnish stemmer, so that the base forms Voikko
  gives ("esimies") and the stems of words it does not know (names, English, typos) meet
  in one vocabulary; without Voikko on the machine, the stem alone;
- *other terms*: what the word comes to when typed without its ä or ö;
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


# Word classes read first when a word has several readings (nouns, adjectives, names).
_NOMINAL = {"nimisana", "laatusana", "nimisana_laatusana", "etunimi", "sukunimi", "paikannimi"}


def _likeliest(word, analyses):
    """The reading to index a word by: the word itself when it is a base form ("kuusi",
    not "kuu" with a suffix), else the fewest compound parts ("kuulumiset" is not
    "kuu" + "lumi"), then a noun or adjective before a verb ("elämän": "elämä")."""

    def preference(numbered):
        index, analysis = numbered
        return (
            analysis["BASEFORM"].casefold() != word,
            analysis.get("STRUCTURE", "").count("="),
            analysis.get("CLASS") not in _NOMINAL,
            index,
        )

    return min(enumerate(analyses), key=preference)[1]


@functools.lru_cache(maxsize=100_000)
def analyse(word):
    """(term, other terms, parts) of one lower-case word."""
    voikko = _voikko() if len(word) <= LONGEST_ANALYSED and not word.isdigit() else None
    analyses = voikko.analyze(word) if voikko else []
    if not analyses:
        return _stem(word), (), ()
    reading = _likeliest(word, analyses)
    term = _stem(reading["BASEFORM"].casefold())
    others = ()
    if unaccented(word) != word and _stem(word) != term:
        # The word's own stem too: what it comes to typed without its ä or ö, which
        # Voikko does not know ("esimiesta" for "esimiestä").
        others = (_stem(word),)
    return term, others, _parts(word, reading.get("STRUCTURE", ""), term)


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
    # Every run of parts short of the whole: "työhyvinvointi" holds "työ", "hyvin",
    # "vointi" and "hyvinvointi".
    for start in range(len(pieces)):
        for end in range(start + 1, len(pieces) + 1):
            piece = "".join(pieces[start:end])
            if len(piece) > 1 and end - start < len(pieces):
                parts[analyse(piece)[0]] = None
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
