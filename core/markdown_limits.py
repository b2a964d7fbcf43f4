"""Keeps Python-Markdown's work in proportion to its input, whatever the input contains.

Python-Markdown finds a link's text by walking, in Python, from its "[" to the matching
"]", and its address from "(" to the matching ")". Where none comes it walks to the end of
the paragraph, and it does so again from the next "[": a comment of 3,000 "[" took about
a second (Python-Markdown issue #798, open as "someday-maybe"). Other paths have the same
shape: the footnote and abbreviation patterns, the block parser, the table test, Python's
HTML parser. This extension bounds each, so that a body costs what its length costs:

- link text is matched by one regular expression in C, nested brackets three deep at most
  (Python-Markdown allows any depth; no real link text nests deeper);
- a link's address and title are looked for within ``LINK_WINDOW`` characters, and the
  walks together may cover a few times the body's length; past that, brackets are text;
- footnote references and abbreviation definitions have bounded names;
- blocks and lines are cut at ``MAX_BLOCK_LINES`` lines or ``MAX_BLOCK_CHARACTERS``, and
  markers stacked on one line nest ``MAX_NESTING`` deep (``_ShortBlocks``);
- the table test reads the rows it needs; a "<" that starts no tag is text.

Callers cap the length itself, see ``Allowlist.max_length``. ``make bench-render`` prints
the worst render time over a set of hostile bodies.
"""

import bisect
import re

from markdown import inlinepatterns
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.preprocessors import Preprocessor

# Link text: anything up to the matching "]", with at most three levels of brackets inside.
# Possessive quantifiers keep the engine from retrying, so a failed match costs its length.
_LINK_TEXT = re.compile(r"(?:[^\[\]]++|\[(?:[^\[\]]++|\[(?:[^\[\]]++|\[[^\[\]]*+\])*+\])*+\])*+\]")
LINK_WINDOW = 2048
# Every legitimate link is walked a few times (as a reference, then as a link); more walking
# than this many times the body's length is an attack, and the rest of the brackets stay text.
SCAN_BUDGET_PER_CHARACTER = 4
SCAN_BUDGET_MINIMUM = 4 * LINK_WINDOW

MAX_BLOCK_LINES = 100
MAX_BLOCK_CHARACTERS = 10_000
MAX_NESTING = 8
TAG_WINDOW = 2048

FOOTNOTE_REFERENCE = r"\[\^([^\]]{1,100})\]"
ABBREVIATION = re.compile(
    r"^[*]\[(?P<abbr>[^\\\]\n]{1,100})\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$", re.MULTILINE
)


class _BoundedLinkMixin:
    def getText(self, data, index):  # noqa: N802 (Python-Markdown's name)
        match = _LINK_TEXT.match(data, index)
        if match is None:
            return "", index, False
        return data[index : match.end() - 1], match.end(), True

    def getLink(self, data, index):  # noqa: N802
        window = min(LINK_WINDOW, self.md.link_scan_budget, len(data) - index)
        if window <= 0:
            return "", None, index, False
        href, title, end, handled = super().getLink(data[: index + window], index)
        self.md.link_scan_budget -= (end - index) if handled else window
        return href, title, end, handled


def _bounded(processor_class):
    return type(processor_class.__name__, (_BoundedLinkMixin, processor_class), {})


# Python-Markdown's own names and priorities, from markdown.inlinepatterns; the bounded
# classes are made once, here, not for every render.
_LINK_PROCESSORS = tuple(
    (name, _bounded(processor_class), pattern, priority)
    for name, processor_class, pattern, priority in (
        ("reference", inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 170),
        ("link", inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE, 160),
        ("image_link", inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE, 150),
        (
            "image_reference",
            inlinepatterns.ImageReferenceInlineProcessor,
            inlinepatterns.IMAGE_REFERENCE_RE,
            140,
        ),
        (
            "short_reference",
            inlinepatterns.ShortReferenceInlineProcessor,
            inlinepatterns.REFERENCE_RE,
            130,
        ),
        (
            "short_image_ref",
            inlinepatterns.ShortImageReferenceInlineProcessor,
            inlinepatterns.IMAGE_REFERENCE_RE,
            125,
        ),
    )
)


class _TableProcessor(TableProcessor):
    """Looks at the rows it needs, not every row of the block each time it is asked."""

    def test(self, parent, block):
        header_and_separator = block.split("\n", 2)
        if not super().test(parent, "\n".join(header_and_separator[:2])):
            return False
        if len(self.separator) > 1 or len(header_and_separator) < 3:
            return True
        # One column: as upstream, every row needs a pipe at its start or end.
        for line in _LINE.finditer(header_and_separator[2]):
            row = line.group().strip(" ")
            if not (row.startswith("|") or self.RE_END_BORDER.search(row)):
                return False
        return True


_LINE = re.compile(r"^.*$", re.MULTILINE)


class _ShortBlocks(Preprocessor):
    """Cuts very long blocks and lines with blank lines, and escapes deep nesting on a line.

    Python-Markdown's block parser takes one construct (a heading, a rule, a list item) off
    the front of a block at a time and searches the rest of the block again each time; its
    inline parser rebuilds a paragraph's whole text for each link or emphasis in it. Both
    grow with the square of a block's length: a block of thousands of one-character lines,
    or one line of thousands of entities, took seconds. Markers stacked on one line ("1. 1.
    1. ...") nest a list per marker until Python's recursion limit. Real text has blank
    lines far more often than these limits need, and is not nested that deep; a table
    (each cell parsed on its own) is not cut.
    """

    def run(self, lines):
        shaped = []
        block = []
        for line in [*lines, ""]:
            if line.strip():
                block.extend(_short_lines(_shallow(line)))
                continue
            shaped.extend(self._cut(block))
            shaped.append(line)
            block = []
        return shaped[:-1]

    def _cut(self, block):
        tables = self.md.parser.blockprocessors
        if (
            "table" in tables
            and len(block) > 1
            and tables["table"].test(None, "\n".join(block[:2]))
        ):
            return block
        cut = []
        lines = characters = 0
        for line in block:
            if lines and (
                lines == MAX_BLOCK_LINES or characters + len(line) > MAX_BLOCK_CHARACTERS
            ):
                cut.append("")
                lines = characters = 0
            cut.append(line)
            lines += 1
            characters += len(line) + 1
        return cut


def _shallow(line):
    """Escapes list and quote markers stacked on one line past ``MAX_NESTING``."""
    stacked = _STACKED_MARKERS.match(line)
    if stacked is None:
        return line
    kept = _MARKER.finditer(line, 0, stacked.end())
    escaped = []
    last = 0
    for depth, marker in enumerate(kept):
        if depth >= MAX_NESTING:
            last_character = marker.end("marker") - 1
            escaped.append(line[last:last_character])
            escaped.append("\\")
            last = last_character
    escaped.append(line[last:])
    return "".join(escaped)


def _short_lines(line):
    """A line longer than ``MAX_BLOCK_CHARACTERS``, cut at spaces into paragraphs."""
    pieces = []
    while len(line) > MAX_BLOCK_CHARACTERS:
        cut = line.rfind(" ", 0, MAX_BLOCK_CHARACTERS)
        if cut <= 0:
            cut = MAX_BLOCK_CHARACTERS
        pieces.extend((line[:cut], ""))
        line = line[cut:].lstrip(" ")
    pieces.append(line)
    return pieces


_MARKER = re.compile(r"[ ]{0,3}(?P<marker>>|[-*+](?=[ ])|\d{1,9}[.)](?=[ ]))[ ]*")
_STACKED_MARKERS = re.compile(rf"(?:{_MARKER.pattern}){{{MAX_NESTING + 1},}}")


class _TagsThatEnd(Preprocessor):
    """Writes a tag's "<" as text where no ">" follows within ``TAG_WINDOW`` characters.

    Python's HTML parser (behind raw HTML in posts) looks for the end of each such tag to
    the end of the text: thousands of "<a " took seconds. None of them could be a tag. (In
    a code span such a "<a" would show as "&lt;a"; "a < b" is left alone.)
    """

    def run(self, lines):
        text = "\n".join(lines)
        if "html_block" not in self.md.preprocessors or "<" not in text:
            return lines
        ends = [match.start() for match in _TAG_END.finditer(text)]
        kept = []
        last = 0
        for match in _TAG_START.finditer(text):
            start = match.start()
            following = bisect.bisect_right(ends, start)
            if following == len(ends) or ends[following] - start > TAG_WINDOW:
                kept.append(text[last:start])
                kept.append("&lt;")
                last = start + 1
        kept.append(text[last:])
        return "".join(kept).split("\n")


# What Python's HTML parser takes for the start of a tag, a comment or a declaration.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_TAG_END = re.compile(r">")


class _ScanBudget(Preprocessor):
    def run(self, lines):
        length = sum(len(line) + 1 for line in lines)
        self.md.link_scan_budget = max(SCAN_BUDGET_MINIMUM, SCAN_BUDGET_PER_CHARACTER * length)
        return lines


class BoundedMarkdownExtension(Extension):
    """Load after every other extension: it replaces processors that they register."""

    def extendMarkdown(self, md):  # noqa: N802
        md.link_scan_budget = SCAN_BUDGET_MINIMUM
        md.preprocessors.register(_ScanBudget(md), "scan_budget", 100)
        # After fenced code (25) is set aside, before raw HTML (20) and the block parser.
        md.preprocessors.register(_TagsThatEnd(md), "tags_that_end", 22)
        md.preprocessors.register(_ShortBlocks(md), "short_blocks", 15)
        for name, processor_class, pattern, priority in _LINK_PROCESSORS:
            md.inlinePatterns.register(processor_class(pattern, md), name, priority)
        if "footnote" in md.inlinePatterns:
            footnote = md.inlinePatterns["footnote"]
            md.inlinePatterns.register(
                type(footnote)(FOOTNOTE_REFERENCE, footnote.footnotes), "footnote", 175
            )
        if "table" in md.parser.blockprocessors:
            table = md.parser.blockprocessors["table"]
            md.parser.blockprocessors.register(
                _TableProcessor(md.parser, table.config), "table", 75
            )
        if "abbr" in md.parser.blockprocessors:
            md.parser.blockprocessors["abbr"].RE = ABBREVIATION
