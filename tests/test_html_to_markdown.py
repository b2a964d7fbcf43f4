"""Exported post HTML becomes the Markdown our editor edits, and renders as it did."""

import pytest

from core.rendering import POST, render_markdown
from importing.html_markdown import converted, plain_to_markdown, to_markdown, wpautop
from tests.import_notes import english


def test_blank_lines_are_paragraphs_and_single_newlines_line_breaks():
    html = wpautop("Ensimmäinen kappale\njatkuu tässä.\n\nToinen kappale.")
    assert html == "<p>Ensimmäinen kappale<br>\njatkuu tässä.</p>\n\n<p>Toinen kappale.</p>"


def test_block_elements_and_pre_are_left_as_they_are():
    html = wpautop("<ul>\n<li>yksi</li>\n</ul>\n\n<pre>koodi\n\nrivi</pre>\n\nTeksti.")
    assert "<p><ul>" not in html and "<pre>koodi\n\nrivi</pre>" in html
    assert "<p>Teksti.</p>" in html


def test_a_classic_post_becomes_markdown():
    markdown, notes = to_markdown(
        "Palaute on <strong>lahja</strong>.\n\n<h2>Kolme tapaa</h2>\n<ol>\n<li>Kysy</li>\n"
        '<li>Kiitä</li>\n</ol>\n\nLue <a href="https://example.com/x">lisää</a>.'
    )
    assert markdown == (
        "Palaute on **lahja**.\n\n## Kolme tapaa\n\n1. Kysy\n2. Kiitä\n\n"
        "Lue [lisää](https://example.com/x).\n"
    )
    assert notes == []


def test_block_editor_comments_go_and_their_content_stays():
    html = (
        "<!-- wp:paragraph -->\n<p>Lohkoeditorin kappale.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:separator /-->\n<!-- wp:heading {"level":3} -->\n<h3>Väliotsikko</h3>\n'
        "<!-- /wp:heading -->"
    )
    markdown, _notes = to_markdown(html)
    assert markdown == "Lohkoeditorin kappale.\n\n### Väliotsikko\n"


@pytest.mark.parametrize(
    "shortcode",
    [
        '[caption id="attachment_7" width="300"]<img src="/kuva.jpg" alt="Kissa"> '
        "Kissa ikkunalla[/caption]",
        '[caption id="attachment_7" caption="Kissa ikkunalla"]<img src="/kuva.jpg" alt="Kissa">'
        "[/caption]",
    ],
    ids=["caption-inside", "caption-attribute"],
)
def test_a_caption_becomes_an_image_with_its_caption(shortcode):
    markdown, notes = to_markdown(shortcode)
    assert markdown == "![Kissa](/kuva.jpg)\n\n*Kissa ikkunalla*\n"
    assert notes == []


def test_other_shortcodes_go_into_the_notes_never_the_page():
    markdown, notes = to_markdown(
        'Katso kuvat:\n\n[gallery ids="1,2,3"]\n\n[embed]https://v.example/1[/embed]'
    )
    assert "gallery" not in markdown and "embed" not in markdown
    assert english(notes).splitlines() == [
        'Left out the shortcode [gallery ids="1,2,3"].',
        "Left out the shortcode [embed].",
    ]


def test_what_a_post_cannot_show_is_named_and_left_out():
    html = (
        '<p>Video:</p><iframe src="https://video.example/x"></iframe>'
        '<script>alert(1)</script><p><span style="color:red">Punainen</span> teksti.</p>'
    )
    markdown, notes = to_markdown(html, classic=False)
    assert markdown == "Video:\n\nPunainen teksti.\n"
    assert english(notes).splitlines() == [
        "Left out <iframe> elements, which a post cannot show: 1.",
        "Left out <script> elements, which a post cannot show: 1.",
    ]


def test_the_markdown_renders_to_what_the_export_showed():
    html = "<p>Asiakas <em>ensin</em>.</p><ul><li>kuuntele</li><li>kiitä</li></ul>"
    markdown, _notes = to_markdown(html, classic=False)
    assert render_markdown(markdown, POST) == (
        "<p>Asiakas <em>ensin</em>.</p>\n<ul>\n<li>kuuntele</li>\n<li>kiitä</li>\n</ul>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Hyvä kirjoitus!",
        "Rivi yksi\nrivi kaksi\n\nToinen kappale.",
        "  välilyönnit   monta  \r\n\r\n\r\n\r\nloppu ",
        "1. eka\n2. toka",
        "- lista\n- toinen",
        "# otsikko?",
        "a > b ja c = d",
        "http://example.com/x?y=1",
        "tab\tväli\n  sisennetty",
        "",
    ],
)
def test_plain_text_takes_the_short_way_to_the_same_markdown(text):
    assert to_markdown(text) == converted(text) == (plain_to_markdown(text), [])
