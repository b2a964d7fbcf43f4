"""Every XSS payload in every field a commenter controls, and what readers may see of comments."""

import html
import re
from http import HTTPStatus

import feedparser
import pytest
from django.core.cache import cache
from django.test import Client

from comments.models import Comment
from core.rendering import COMMENT
from tests import xss_payloads
from tests.commenting import comment_on
from tests.factories import CommentFactory, PostFactory
from tests.test_rendering import elements, url_is_safe

pytestmark = pytest.mark.django_db

# Every element our own templates put on a post page, and what a comment may add.
PAGE_TAGS = set(
    "html head meta title link script body a header p nav ul li form label input button div "
    "main article h1 h2 time section img aside footer select option textarea span mark "
    "details summary picture source".split()
) | set(COMMENT.tags)
OUR_SCRIPTS = {"/static/js/comments.js", None}  # None: the JSON-LD block
OUR_FORMS = {"/search/", "/i18n/setlang/", "/follow/"}


def problems(html):
    """What on a page could run script or was not put there by our own templates."""
    found = []
    for tag, attrs in elements(html):
        attributes = dict(attrs)
        if tag not in PAGE_TAGS:
            found.append(f"<{tag}> on the page")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"{tag}[{name}] event handler")
            if name in {"href", "src", "action", "formaction", "cite"} and not url_is_safe(
                value or "", COMMENT
            ):
                found.append(f"{tag}[{name}]={value!r}")
        if tag == "script" and attributes.get("src") not in OUR_SCRIPTS:
            found.append(f"script {attributes}")
        is_inline = tag == "script" and attributes.get("src") is None
        if is_inline and attributes.get("type") != "application/ld+json":
            found.append("inline script")
        if tag == "form" and not (
            attributes.get("action") in OUR_FORMS or "/comments/" in attributes.get("action", "")
        ):
            found.append(f"form {attributes}")
    return found


@pytest.fixture(autouse=True)
def _published_at_once(quick_comments, settings):
    settings.COMMENTS_REQUIRE_APPROVAL = False
    settings.COMMENTS_MAX_LINKS = 100


@pytest.mark.parametrize("payload", xss_payloads.ALL)
def test_payload_in_name_and_body_is_harmless_on_the_page(payload):
    post = PostFactory()
    client = Client()
    response = comment_on(post, client, name=payload[:100], body=payload)
    assert problems(response.content.decode()) == []
    cache.clear()
    page = client.get(post.get_absolute_url()).content.decode()
    assert problems(page) == []


@pytest.mark.parametrize("payload", xss_payloads.ALL)
def test_payload_as_website_is_refused_or_harmless(payload):
    post = PostFactory()
    client = Client()
    response = comment_on(post, client, website=payload[:200], body="Sivuni.")
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST)
    assert problems(response.content.decode()) == []
    cache.clear()
    assert problems(client.get(post.get_absolute_url()).content.decode()) == []


@pytest.mark.parametrize("payload", xss_payloads.ALL)
def test_payload_as_email_comes_back_escaped_in_the_form(payload):
    response = comment_on(PostFactory(), email=payload[:254], body="Osoitteeni.")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert problems(response.content.decode()) == []
    assert not Comment.objects.exists()


def test_payload_check_would_catch_an_injected_handler():
    assert problems('<p><img src=x onerror="alert(1)"></p>') == ["img[onerror] event handler"]
    assert problems('<a href="javascript:alert(1)">x</a>') != []


def test_commenters_website_link_is_nofollow_ugc(client):
    comment = CommentFactory(website="https://oma.example", body="[linkki](https://x.example)")
    html = client.get(comment.post.get_absolute_url()).content.decode()
    assert (
        '<a class="p-author h-card" href="https://oma.example" rel="nofollow ugc noopener">' in html
    )
    assert 'href="https://x.example" rel="nofollow ugc noopener"' in html


def test_comment_markdown_subset_has_no_images_headings_or_tables():
    comment = CommentFactory(
        body="# Otsikko\n\n![kuva](https://x.example/a.png)\n\n| a |\n|---|\n| 1 |\n\n"
        "*em* **strong** `koodi`\n\n- yksi\n\n> lainaus\n\nhttps://paljas.example"
    )
    html = comment.body_html
    for tag in ("<h1", "<h2", "<img", "<table"):
        assert tag not in html
    for tag in ("<em>", "<strong>", "<code>", "<li>", "<blockquote>"):
        assert tag in html
    assert 'href="https://paljas.example"' in html


# What readers may see: only approved comments, on posts they may see.


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_hidden_comment_appears_nowhere_public(client, status):
    post = PostFactory(title="Näkyvä kirjoitus")
    CommentFactory(post=post, body="Näkyvä kommentti.")
    hidden = CommentFactory(post=post, body=f"Piilossa {status}.", status=status)
    CommentFactory(post=post, parent=hidden, body="Vastaus piilotettuun.", status="approved")
    pages = [post.get_absolute_url(), "/", "/feeds/atom/", "/feeds/rss/", "/search/?q=Piilossa"]
    for url in pages:
        html = client.get(url).content.decode()
        assert f"Piilossa {status}." not in html, url
        assert "Vastaus piilotettuun." not in html, url
    home = client.get("/").content.decode()
    assert "1 kommentti" in home
    entry = feedparser.parse(client.get("/feeds/atom/").content).entries[0]
    assert "Piilossa" not in entry.content[0].value


def test_comments_on_a_draft_appear_nowhere(client):
    draft = PostFactory(status="draft", published_at=None)
    CommentFactory(post=draft, body="Luonnoksen kommentti.")
    assert Comment.objects.visible().count() == 0
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_comment_quoting_the_token_slots_shows_no_token(client):
    typed = (
        'name="csrfmiddlewaretoken" value="<comment-csrf-token>" '
        'name="form_token" value="<comment-form-token>" comment-csrf-token-slot'
    )
    post = PostFactory(body=f"Kirjoittaja lainaa: {typed}")
    CommentFactory(post=post, body=typed, status=Comment.Status.APPROVED)
    page = client.get(post.get_absolute_url()).content.decode()
    form = page[page.index('<form class="comment-form"') :]
    csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    form_token = re.search(r'name="form_token" value="([^"]+)"', form).group(1)
    # Each token is on the page once: in the form, not in what the writers typed.
    assert page.count(csrf_token) == 1 and page.count(form_token) == 1
    # What the commenter typed is on the page as she typed it.
    assert f"<p>{html.escape(typed, quote=False)}</p>" in page
