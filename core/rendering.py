"""Markdown to safe HTML, for every model that stores Markdown (posts, bios, comments).

Python-Markdown does not sanitize its output, and Markdown alone can produce dangerous
markup (``[x](javascript:...)``), so the *output* always goes through nh3 (the Rust ammonia
sanitizer) with an explicit allowlist per use. Models call this once on save and store the
result; templates only ever mark that stored HTML safe. Nothing here runs per request.
"""

import math
import re
import threading
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import markdown
import nh3
from django.utils.translation import get_language, gettext
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from core.markdown_limits import BoundedMarkdownExtension
from core.slugs import slugify_fi

SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Ids and classes are kept only in shapes our own Markdown extensions produce: heading
# anchors ("h-..."), footnotes ("fn:1", "fnref:1") and code languages. Free-form ids would
# let a writer clobber globals such as window.someName (DOM clobbering).
_ALLOWED_ID = re.compile(r"^(h-[a-z0-9-]{1,80}|fn:\d{1,4}|fnref:\d{1,4}(-\d{1,4})?)$")
_ALLOWED_CLASS = re.compile(r"^(footnote(-ref|-backref)?|language-[a-z0-9+#-]{1,30})$")
_URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_CONTROL_CHARACTERS = dict.fromkeys(range(32))
_CONTROL_CHARACTERS_BUT_WHITESPACE = dict.fromkeys({*range(32), 127} - {9, 10, 13})
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _image_url_is_safe(url):
    """As a browser reads the URL (WHATWG): a relative URL or an http(s) one."""
    url = re.sub(r"[\t\n\r]", "", url.strip(_C0_AND_SPACE)).lower()
    scheme = _URL_SCHEME.match(url)
    return scheme is None or scheme.group(1) in {"http", "https"}


def _filter_attribute(element, attribute, value):
    # ammonia checks the schemes of href and src but not of srcset's candidates.
    if attribute == "srcset":
        urls = [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
        return value if all(_image_url_is_safe(url) for url in urls) else None
    if attribute == "id":
        return value if _ALLOWED_ID.match(value) else None
    if attribute == "class":
        kept = [name for name in value.split() if _ALLOWED_CLASS.match(name)]
        return " ".join(kept) or None
    return value


def _heading_id(value, separator):
    return "h-" + (slugify_fi(value)[:80].strip("-") or "section")


class _DemoteH1(Treeprocessor):
    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class NoSecondH1Extension(Extension):
    """The post title is the page's h1: "# Heading" in a body becomes an h2 ("##" stays h2)."""

    def extendMarkdown(self, md):
        # Before toc (priority 5), so heading ids are made for the final tags.
        md.treeprocessors.register(_DemoteH1(md), "no_second_h1", 30)


@dataclass(frozen=True)
class Allowlist:
    """What one kind of content may contain once rendered."""

    name: str
    tags: frozenset
    attributes: dict
    extensions: tuple
    # The longest source accepted, in characters: rendering time grows with it (see
    # core.markdown_limits), so every way in (forms, previews, imports) stops here.
    max_length: int
    extension_configs: dict = field(default_factory=dict)
    link_rel: str = "noopener"
    # Raw HTML typed into the Markdown is parsed (then sanitized) only where writers are
    # staff; readers' and bios' raw HTML is shown as the text they typed.
    raw_html: bool = False
    url_schemes: frozenset = SAFE_URL_SCHEMES


POST = Allowlist(
    name="post",
    tags=frozenset(
        "p br hr h2 h3 h4 h5 h6 strong em b i s del ins mark sub sup small abbr cite q code "
        "pre kbd blockquote ul ol li dl dt dd a img figure figcaption table thead tbody tr th "
        "td caption div picture source".split()
    ),
    attributes={
        "a": {"href", "title", "id", "class"},
        "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding"},
        "source": {"type", "srcset", "sizes"},
        "abbr": {"title"},
        "q": {"cite"},
        "blockquote": {"cite"},
        "ol": {"start"},
        "th": {"align", "colspan", "rowspan", "scope"},
        "td": {"align", "colspan", "rowspan"},
        "h2": {"id"},
        "h3": {"id"},
        "h4": {"id"},
        "h5": {"id"},
        "h6": {"id"},
        "sup": {"id"},
        "li": {"id"},
        "div": {"class"},
        "code": {"class"},
    },
    extensions=(
        "core.rendering:NoSecondH1Extension",
        "core.markdown_images:ResponsiveImagesExtension",
        "abbr",
        "def_list",
        "fenced_code",
        "footnotes",
        "tables",
        "sane_lists",
        "toc",
        "pymdownx.magiclink",
    ),
    extension_configs={
        "toc": {"slugify": _heading_id, "permalink": False},
        "tables": {"use_align_attribute": True},
    },
    raw_html=True,
    # About 7,000 words; the longest imported post has 5,800 characters.
    max_length=50_000,
)

BIO = Allowlist(
    name="bio",
    tags=frozenset({"p", "br", "strong", "em", "a", "code", "ul", "ol", "li"}),
    attributes={"a": {"href", "title"}},
    extensions=("sane_lists", "pymdownx.magiclink"),
    max_length=5000,
)

COMMENT = Allowlist(
    name="comment",
    tags=frozenset({"p", "br", "strong", "em", "a", "code", "pre", "ul", "ol", "li", "blockquote"}),
    attributes={"a": {"href"}},
    extensions=("sane_lists", "pymdownx.magiclink"),
    link_rel="nofollow ugc noopener",
    max_length=3000,
)


def render_markdown(source, allowlist):
    """Return sanitized HTML for Markdown ``source`` under ``allowlist``."""
    md = _converter(allowlist)
    try:
        html = md.convert(source or "")
    except RecursionError:
        # Nesting that core.markdown_limits did not foresee: the text as typed, not a 500.
        html = "".join(f"<p>{escape(part)}</p>" for part in (source or "").split("\n\n"))
    finally:
        md.reset()
    return sanitize(html, allowlist)


# Markdown objects keep state between calls and are not thread-safe: one per thread,
# allowlist and language (footnotes carry a translated title), reset after each use.
# Building one costs more than most conversions (an import renders thousands).
_converters = threading.local()


def _converter(allowlist):
    cache = _converters.__dict__.setdefault("by_kind", {})
    key = (id(allowlist), get_language())
    if key not in cache:
        configs = dict(allowlist.extension_configs)
        if "footnotes" in allowlist.extensions:
            configs["footnotes"] = {"BACKLINK_TITLE": gettext("Back to footnote %d in the text")}
        md = markdown.Markdown(
            extensions=[*allowlist.extensions, BoundedMarkdownExtension()],
            extension_configs=configs,
        )
        if not allowlist.raw_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
        # The allowlist is held too, so that its id is never another's.
        cache[key] = (md, allowlist)
    return cache[key][0]


def sanitize(html, allowlist):
    """Clean an HTML fragment down to ``allowlist``; unknown tags keep only their text.

    Control characters go first: a browser reads "javas\x01cript:" as no scheme at all, but
    a feed (XML cannot carry them) or a copy elsewhere drops the character, and it was
    "javascript:" that nobody had checked. One written as an entity ("&#1;") only appears
    once the sanitizer has decoded it, so then the result is dropped and cleaned again.
    """
    cleaned = _clean(html.translate(_CONTROL_CHARACTERS_BUT_WHITESPACE), allowlist)
    if _CONTROL_CHARACTER.search(cleaned):
        cleaned = _clean(cleaned.translate(_CONTROL_CHARACTERS_BUT_WHITESPACE), allowlist)
    return cleaned


def _clean(html, allowlist):
    return nh3.clean(
        html,
        tags=set(allowlist.tags),
        clean_content_tags={"script", "style"},
        # "*" must be given: left out, ammonia keeps title and lang on every tag.
        attributes={"*": set()} | {tag: set(n) for tag, n in allowlist.attributes.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(allowlist.url_schemes),
        link_rel=allowlist.link_rel,
        strip_comments=True,
    )


class _TextExtractor(HTMLParser):
    """Collects the prose of a sanitized fragment, its first top-level paragraph and images.

    Code blocks and footnote markers are not prose: they count neither as words to read
    nor as excerpt text.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.first_paragraph = None
        self.images = 0
        self._open = []
        self._skip_below = None
        self._paragraph = None

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images += 1
            return
        if tag in {"br", "hr"}:
            self.text.append(" ")
            return
        is_footnote_ref = tag == "sup" and (dict(attrs).get("id") or "").startswith("fnref")
        if self._skip_below is None and (tag == "pre" or is_footnote_ref):
            self._skip_below = len(self._open)
        if tag == "p" and not self._open and self.first_paragraph is None:
            self._paragraph = []
        self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass
        if self._skip_below is not None and len(self._open) <= self._skip_below:
            self._skip_below = None
        self.text.append(" ")
        if tag == "p" and not self._open and self._paragraph is not None:
            self.first_paragraph = " ".join("".join(self._paragraph).split())
            self._paragraph = None

    def handle_data(self, data):
        if self._skip_below is not None:
            return
        self.text.append(data)
        if self._paragraph is not None:
            self._paragraph.append(data)


def _extract(html):
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return parser


def plain_text(html):
    """The prose of ``html`` as one line of text (control characters dropped)."""
    text = " ".join("".join(_extract(html).text).split())
    return text.translate(_CONTROL_CHARACTERS)


def summarize(html, limit=300):
    """The first top-level paragraph of ``html`` as plain text, cut at a word near ``limit``."""
    extracted = _extract(html)
    text = extracted.first_paragraph or " ".join("".join(extracted.text).split())
    return shorten(text, limit)


def shorten(text, limit):
    """``text`` when it fits in ``limit`` characters, else cut at a word, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"


# Finnish words are long (compounds, inflection): 200 words a minute is a comfortable pace.
WORDS_PER_MINUTE = 200
SECONDS_PER_IMAGE = 12
_WORD = re.compile(r"\w+", re.UNICODE)


def reading_minutes(html):
    """Minutes a reader needs for ``html``: words at WORDS_PER_MINUTE plus time per image."""
    extracted = _extract(html)
    words = len(_WORD.findall("".join(extracted.text)))
    seconds = words * 60 / WORDS_PER_MINUTE + extracted.images * SECONDS_PER_IMAGE
    return max(1, math.ceil(seconds / 60))
