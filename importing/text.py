"""Line rules shared by the scraped-text formats: noise, lists, subheadings, pull quotes."""

import re
from difflib import SequenceMatcher

from django.utils.translation import gettext_noop

from core.notes import note
from core.rendering import POST
from importing.records import ImportFormatError, ParsedPost

SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
QUOTES = "”“\"'«»„’ "
GUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$", re.I)
ORDERED_ITEM = re.compile(r"^\s+(\d{1,3})\.\s+(.+)$")
BULLET_ITEM = re.compile(r"^\s*[•·▪◦]\s*(.+)$")
PHOTO_CREDIT = re.compile(r"^(?:\S+\s+)?Kuva:\s+\S.{0,120}$")
AD_SLOTS = {"advertisement", "mainos"}
SENTENCE_END = ".!?:;,"
# Source text of one post, noise included, before it is refused as longer than a post.
MAX_SOURCE_CHARACTERS = 2 * POST.max_length


def clean(line):
    """The line with every run of (non-breaking) spaces made one space, trimmed."""
    return SPACES.sub(" ", line).strip()


def looks_like_image_name(text):
    """A lone file name left behind by a lost image: "svuorinen1", "DSC_6716 edited Jaana".

    Several words are a file name only with an underscore in them: "3 vinkkiä
    esimiehelle", "2020 muutti kaiken" and "iPhone 12 Pro" are text.
    """
    words = text.split()
    if not words or len(words) > 4 or len(text) > 40 or text[-1] in SENTENCE_END:
        return False
    if "_" in text:
        return True
    if len(words) > 1:
        return False
    word = words[0]
    return word[0].islower() or bool(re.search(r"\d", word) and re.search(r"[^\W\d_]", word))


NO_AUTHOR = gettext_noop("The source gives no author for this post: assign one.")
IMAGE_FILE_NAME = gettext_noop("Left out image file name: %(text)s")
NOISE_NOTES = {
    "ad slot": gettext_noop("Left out ad slot: %(text)s"),
    "image placeholder": gettext_noop("Left out image placeholder: %(text)s"),
    "photo credit": gettext_noop("Left out photo credit: %(text)s"),
    "image file name": IMAGE_FILE_NAME,
}


def noise_kind(text):
    """Why a cleaned line is not body text, or None when it is."""
    if text.lower() in AD_SLOTS:
        return "ad slot"
    if GUID.match(text):
        return "image placeholder"
    if PHOTO_CREDIT.match(text):
        return "photo credit"
    if looks_like_image_name(text):
        return "image file name"
    return None


def is_subheading(text):
    """A short, title-like line: one phrase, capitalised, not a sentence."""
    return (
        len(text) <= 70
        and text[0].isupper()
        and text[-1] not in ".!:;,"
        and ". " not in text
        and "? " not in text
        and len(text.split()) >= 2
    )


SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"\w+")
PULL_QUOTE_LENGTH = range(20, 241)


class SentenceIndex:
    """The sentences of a post's paragraphs, for finding pull quotes that repeat one."""

    def __init__(self, paragraphs):
        self.sentences = [
            (paragraph, sentence.strip(QUOTES), set(WORD.findall(sentence.lower())))
            for paragraph in paragraphs
            for sentence in SENTENCE_SPLIT.split(paragraph)
        ]

    def repeats(self, text, similarity=0.85):
        """Whether ``text`` repeats, maybe abridged, a sentence of another paragraph.

        Only a short standalone line can be a pull quote. Shared words rule out most
        sentences cheaply before SequenceMatcher compares characters.
        """
        quote = text.strip(QUOTES)
        if len(quote) not in PULL_QUOTE_LENGTH:
            return False
        words = set(WORD.findall(quote.lower()))
        matcher = SequenceMatcher(None, b=quote, autojunk=False)
        for paragraph, sentence, sentence_words in self.sentences:
            if paragraph == text:
                continue
            if quote in paragraph:
                return True
            if len(words & sentence_words) < similarity * 0.8 * len(words | sentence_words):
                continue
            matcher.set_seq1(sentence)
            if matcher.quick_ratio() >= similarity and matcher.ratio() >= similarity:
                return True
        return False


def repeats_a_sentence(text, paragraphs, similarity=0.85):
    return SentenceIndex(paragraphs).repeats(text, similarity)


def body_markdown(lines, post):
    """Markdown for a post's body lines; noise goes to the post's import notes.

    ``lines`` are the post's raw source lines, in order.
    """
    blocks = []
    for raw in lines:
        text = clean(raw)
        if not text:
            continue
        if match := ORDERED_ITEM.match(raw.replace("\u00a0", " ")):
            blocks.append(("ol", int(match.group(1)), clean(match.group(2))))
        elif match := BULLET_ITEM.match(raw):
            blocks.append(("ul", 0, clean(match.group(1))))
        elif kind := noise_kind(text):
            post.notes.append(note(NOISE_NOTES[kind], text=text))
            if kind in {"image placeholder", "image file name"}:
                post.images_lost += 1
        else:
            blocks.append(("p", 0, text))
    sentences = SentenceIndex([text for kind, _, text in blocks if kind == "p"])
    _renumber_restarted_lists(blocks)
    out = []
    for index, (kind, number, text) in enumerate(blocks):
        previous = blocks[index - 1][0] if index else None
        following = blocks[index + 1][0] if index + 1 < len(blocks) else None
        if kind in {"ol", "ul"}:
            marker = f"{number}." if kind == "ol" else "-"
            if previous != kind:
                out.append("")
            out.append(f"{marker} {text}")
            continue
        out.append("")
        if sentences.repeats(text):
            out.append(f"> {text}")
        elif previous is not None and following is not None and is_subheading(text):
            out.append(f"## {text}")
        else:
            out.append(text)
    return "\n".join(out).strip() + "\n"


def _renumber_restarted_lists(blocks):
    """WordPress restarts "1." for numbered sections split by text: number them 1, 2, 3."""
    singles = [
        index
        for index, (kind, number, _) in enumerate(blocks)
        if kind == "ol"
        and number == 1
        and (index == 0 or blocks[index - 1][0] != "ol")
        and (index + 1 == len(blocks) or blocks[index + 1][0] != "ol")
    ]
    if len(singles) > 1:
        for position, index in enumerate(singles, start=1):
            kind, _, text = blocks[index]
            blocks[index] = (kind, position, text)


def add_body_line(body, raw, post, source_name):
    """Add ``raw`` to a post's body lines; refuse a post longer than a post may be.

    Checked while reading, so that a source whose post never ends (a byline missing, a
    file that is no blog) stops early instead of filling the memory.
    """
    post.source_characters += len(raw) + 1
    if post.source_characters > MAX_SOURCE_CHARACTERS:
        raise_too_long(post, source_name)
    body.append(raw)


def raise_too_long(post, source_name):
    raise ImportFormatError(
        f"{source_name}:{post.line}: the post {post.title[:80]!r} is longer than "
        f"{POST.max_length:,} characters, the most a post may have: split it in the source, "
        "or check that the line ending it is there."
    )


def new_post(title, line):
    return ParsedPost(title=clean(title), body="", line=line)
