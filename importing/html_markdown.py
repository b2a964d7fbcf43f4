"""Exported HTML (WordPress, Blogger) to the Markdown our editor edits.

WordPress stores classic posts as text with WordPress's own paragraph rules (a blank line
is a paragraph, a single newline a line break: ``wpautop``) and block-editor posts as
HTML between ``<!-- wp:... -->`` comments. Both become HTML first, then Markdown through
markdownify (a well-kept converter, MIT). Shortcodes and elements the post allowlist
cannot keep never reach the page: each is named in the import notes instead.
"""

import re
from collections import Counter

from bs4 import BeautifulSoup
from django.utils.translation import gettext_noop
from markdownify import MarkdownConverter

from core.notes import note
from core.rendering import POST

_BLOCK = (
    "address|article|aside|blockquote|details|div|dl|fieldset|figcaption|figure|footer|form|"
    "h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
_STARTS_WITH_BLOCK = re.compile(rf"^\s*</?(?:{_BLOCK})\b", re.IGNORECASE)
_PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_DOUBLE_BREAK = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.IGNORECASE)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.DOTALL)
_SHORTCODE = re.compile(r"\[(\w+)([^\]]*)\](?:(.*?)\[/\1\])?", re.DOTALL)
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
# Elements that bring in something a post cannot show (a script, a player, a form): they
# go, named in the notes. Any other element the allowlist lacks goes, and its text stays.
_LEFT_OUT = set(
    "script style noscript template iframe frame frameset object embed applet video audio "
    "source track canvas svg math form input button select textarea option".split()
)
_KEPT = POST.tags | {"h1"}


def wpautop(text):
    """WordPress's paragraph rules on classic content: blank lines make paragraphs, other
    newlines line breaks, block elements stay as they are, ``<pre>`` is left alone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []

    def stash(match):
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _DOUBLE_BREAK.sub("\n\n", _PRE.sub(stash, text))
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_WITH_BLOCK.match(chunk) or chunk.startswith("\x00"):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    html = "\n\n".join(chunks)
    return re.sub(r"\x00(\d+)\x00", lambda match: kept[int(match.group(1))], html)


def _caption(attributes, content):
    """``[caption]<img ...> Text[/caption]`` (or caption="Text") as a figure."""
    caption = dict(_ATTRIBUTE.findall(attributes)).get("caption", "")
    soup = BeautifulSoup(content, "html.parser")
    image = soup.find("img")
    if image is None:
        return content
    image.extract()
    text = caption or soup.get_text(" ", strip=True)
    return f"<figure>{image}<figcaption>{text}</figcaption></figure>" if text else str(image)


class _Converter(MarkdownConverter):
    def convert_figcaption(self, element, text, parent_tags):
        return f"\n\n*{text.strip()}*\n\n" if text.strip() else ""

    def convert_figure(self, element, text, parent_tags):
        return f"\n\n{text.strip()}\n\n"


# Text with none of these is plain: no element, entity, shortcode or character that
# the converter escapes. Most reader comments are.
_NOT_PLAIN = re.compile(r"[<&*_\\\[`]")


def to_markdown(html, classic=True):
    """(Markdown, notes) for exported post HTML; ``classic``: WordPress's paragraph rules."""
    if classic and not _NOT_PLAIN.search(html):
        return plain_to_markdown(html), []
    return converted(html, classic)


def plain_to_markdown(text):
    """What ``converted`` makes of plain text under WordPress's rules, without parsing
    it: paragraphs at blank lines, line breaks, white space run together."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [
        "  \n".join(" ".join(line.split()) for line in chunk.strip().split("\n"))
        for chunk in re.split(r"\n\s*\n", text)
        if chunk.strip()
    ]
    return "\n\n".join(paragraphs).strip() + "\n"


def converted(html, classic=True):
    """(Markdown, notes) for ``html``, converted through markdownify."""
    notes = []
    blocks = bool(_BLOCK_COMMENT.search(html))
    html = _BLOCK_COMMENT.sub("", html)
    if classic and not blocks:
        html = wpautop(html)

    def shortcode(match):
        name, attributes, content = match.group(1), match.group(2), match.group(3) or ""
        if name in ("caption", "wp_caption"):
            return _caption(attributes, content)
        notes.append(
            note(
                gettext_noop("Left out the shortcode [%(shortcode)s]."), shortcode=name + attributes
            )
        )
        return ""

    html = _SHORTCODE.sub(shortcode, html)
    soup = BeautifulSoup(html, "html.parser")
    left_out = Counter()
    for element in soup.find_all(True):
        if element.decomposed or element.name in _KEPT:
            continue
        if element.name in _LEFT_OUT:
            left_out[element.name] += 1
            element.decompose()
        else:
            element.unwrap()
    for name, count in sorted(left_out.items()):
        notes.append(
            note(
                gettext_noop(
                    "Left out <%(element)s> elements, which a post cannot show: %(count)d."
                ),
                element=name,
                count=count,
            )
        )
    markdown = _Converter(heading_style="ATX", bullets="-", escape_misc=False).convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n", notes
