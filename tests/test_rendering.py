import re
from html.parser import HTMLParser

import pytest

from core.rendering import BIO, COMMENT, POST, render_markdown, sanitize
from tests import xss_payloads

ALLOWLISTS = [POST, BIO, COMMENT]
URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def elements(html):
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def url_is_safe(value, allowlist):
    """Whether a browser would open ``value`` with an allowed scheme or as a relative URL.

    As the WHATWG URL parser does: trim leading and trailing C0 controls and spaces, drop
    tabs and newlines anywhere, then read a scheme only if it is letters, digits, + - .
    """
    url = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21))))).lower()
    scheme = URL_SCHEME.match(url)
    return scheme is None or scheme.group(1) in allowlist.url_schemes


def assert_safe(html, allowlist):
    for tag, attrs in elements(html):
        assert tag in allowlist.tags, f"{tag} is not allowed in {allowlist.name}: {html}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler survived: {html}"
            allowed = allowlist.attributes.get(tag, set()) | ({"rel"} if tag == "a" else set())
            assert name in allowed, f"{tag}[{name}] survived in {allowlist.name}: {html}"
            if name in {"href", "src", "cite"}:
                assert url_is_safe(value or "", allowlist), f"unsafe URL {value!r}: {html}"
            if name == "srcset":
                for candidate in filter(None, (value or "").split(",")):
                    url = candidate.split()[0]
                    assert url_is_safe(url, allowlist), f"unsafe srcset {value!r}: {html}"


@pytest.mark.parametrize("allowlist", ALLOWLISTS, ids=lambda a: a.name)
@pytest.mark.parametrize("payload", xss_payloads.ALL)
def test_payload_renders_harmless(payload, allowlist):
    html = render_markdown(payload, allowlist)
    assert_safe(html, allowlist)
    # Sanitized output must be a fixed point: a mutation XSS would change on a second pass.
    # (The HTML parser turns a carriage return in text into a newline; that is no mutation.)
    assert sanitize(html, allowlist) == html.replace("\r\n", "\n").replace("\r", "\n")


def test_post_keeps_rich_markdown():
    html = render_markdown(
        '# Otsikko\n\nTeksti [linkki](https://example.com "Otsikko") ja `koodi`.\n\n'
        "1. yksi\n2. kaksi\n\n> lainaus\n\n![Kuva](/media/kuva.jpg)\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```python\nx = 1\n```\n\nHuom[^1]\n\n[^1]: Lähde.",
        POST,
    )
    assert '<h2 id="h-otsikko">Otsikko</h2>' in html
    assert '<a href="https://example.com" title="Otsikko" rel="noopener">linkki</a>' in html
    assert "<ol>\n<li>yksi</li>" in html
    assert "<blockquote>" in html
    assert '<img alt="Kuva" src="/media/kuva.jpg">' in html
    assert '<th align="left">a</th>' in html
    assert '<code class="language-python">' in html
    assert 'class="footnote"' in html and 'id="fn:1"' in html and 'href="#fn:1"' in html


def test_post_headings_keep_their_level_and_only_h1_moves_down():
    html = render_markdown("# Yksi\n\n## Kaksi\n\n### Kolme", POST)
    assert html == (
        '<h2 id="h-yksi">Yksi</h2>\n<h2 id="h-kaksi">Kaksi</h2>\n<h3 id="h-kolme">Kolme</h3>'
    )


def test_post_raw_html_is_sanitized_not_escaped():
    figure = '<figure><img src="/k.jpg" alt="k"><figcaption>Kuva</figcaption></figure>'
    assert render_markdown(figure, POST) == figure


def test_comment_raw_html_is_shown_as_typed():
    html = render_markdown("Käytä <b>lihavointia</b>", COMMENT)
    assert html == "<p>Käytä &lt;b&gt;lihavointia&lt;/b&gt;</p>"


def test_comment_links_get_nofollow_ugc():
    html = render_markdown("[sivu](https://example.com)", COMMENT)
    assert html == '<p><a href="https://example.com" rel="nofollow ugc noopener">sivu</a></p>'


def test_comment_bare_urls_become_links():
    html = render_markdown("Katso https://example.com/sivu tästä", COMMENT)
    assert '<a href="https://example.com/sivu" rel="nofollow ugc noopener">' in html


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("*korostus* ja **vahva**", "<em>korostus</em> ja <strong>vahva</strong>"),
        ("- yksi\n- kaksi", "<ul>\n<li>yksi</li>\n<li>kaksi</li>\n</ul>"),
        ("> lainaus", "<blockquote>\n<p>lainaus</p>\n</blockquote>"),
        ("`koodi`", "<code>koodi</code>"),
    ],
)
def test_comment_keeps_its_markdown_subset(source, kept):
    assert kept in render_markdown(source, COMMENT)


@pytest.mark.parametrize(
    "source", ["# Otsikko", "![kuva](https://example.com/k.jpg)", "| a |\n|---|\n| 1 |"]
)
def test_comment_has_no_headings_images_or_tables(source):
    html = render_markdown(source, COMMENT)
    assert not {"h1", "h2", "img", "table"} & {tag for tag, _ in elements(html)}


def test_bio_has_links_but_no_images():
    html = render_markdown("Blogi: [täällä](https://example.com) ![k](https://x/k.jpg)", BIO)
    assert '<a href="https://example.com" rel="noopener">täällä</a>' in html
    assert "<img" not in html


def test_no_attribute_is_allowed_on_every_tag():
    html = render_markdown('<p title="t" lang="en">x</p>', POST)
    assert html == "<p>x</p>"


def test_heading_ids_cannot_clobber_globals():
    html = render_markdown('<h2 id="location">x</h2><p id="fnref:1x">y</p>', POST)
    assert "id=" not in html


def test_empty_source_renders_empty():
    assert render_markdown("", POST) == ""
    assert render_markdown(None, COMMENT) == ""


def test_a_picture_with_a_title_on_its_own_line_is_a_figure_with_its_caption():
    html = render_markdown(
        'Teksti.\n\n![Tiimi palaverissa](https://example.com/k.jpg "Aamupalaveri <b>vartti</b>.")'
        '\n\nRivi ![x](https://example.com/b.jpg "t") keskellä.\n\n![Ilman](https://example.com/a.jpg)',
        POST,
    )
    assert (
        '<figure><img alt="Tiimi palaverissa" src="https://example.com/k.jpg">'
        "<figcaption>Aamupalaveri &lt;b&gt;vartti&lt;/b&gt;.</figcaption></figure>"
    ) in html
    # In a sentence, or without a title, a picture stays as it is.
    assert '<p>Rivi <img alt="x" src="https://example.com/b.jpg" title="t"> keskellä.</p>' in html
    assert '<p><img alt="Ilman" src="https://example.com/a.jpg"></p>' in html
