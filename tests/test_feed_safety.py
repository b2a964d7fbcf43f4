"""Feeds carry no markup the pages would not: what a feed reader shows as HTML is sanitized
after every step that made the feed, and what it shows as text is text."""

import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

from core.rendering import POST
from tests import xss_payloads
from tests.factories import AuthorFactory, PostFactory
from tests.test_rendering import assert_safe

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ("/feeds/atom/", "/feeds/rss/")


def atom_summaries(client):
    root = ET.fromstring(client.get("/feeds/atom/").content)
    return [(entry.find(f"{ATOM}summary").text or "") for entry in root.iter(f"{ATOM}entry")]


def what_a_reader_shows(feed):
    """``(is_html, value)`` for each field of each entry: what a reader built on feedparser
    puts on screen, taking a field for HTML where the feed says so or feedparser guesses it."""
    parsed = feedparser.parse(feed, sanitize_html=False)
    assert not parsed.bozo, parsed.bozo_exception
    for entry in parsed.entries:
        details = [
            entry.get("title_detail"),
            entry.get("summary_detail"),
            *entry.get("content", []),
        ]
        for detail in filter(None, details):
            yield detail["type"] in {"text/html", "application/xhtml+xml"}, detail["value"]


def html_a_reader_shows(client, path):
    return [value for is_html, value in what_a_reader_shows(client.get(path).content) if is_html]


def test_atom_summary_of_an_html_looking_excerpt_is_text(client):
    PostFactory(excerpt="<svg/onload=alert(document.domain)>")
    (summary,) = atom_summaries(client)
    # The summary is type="html": its text is what a reader renders, so it must be escaped.
    assert summary == "&lt;svg/onload=alert(document.domain)&gt;"


def test_atom_summary_of_code_with_a_tag_is_text(client):
    PostFactory(body="Koodia: `<img src=x onerror=alert(1)>` tässä.")
    (summary,) = atom_summaries(client)
    assert "<img" not in summary and "&lt;img src=x onerror=alert(1)&gt;" in summary


@pytest.mark.parametrize(
    "body",
    [
        "[klikkaa](javas\x01cript:alert(1)) ja [tämä](java\x0bscript:alert(2))",
        '[klikkaa](javas&#1;cript:alert(1)) ja <a href="java&#x0B;script:alert(2)">tämä</a>',
    ],
    ids=["typed", "as entities"],
)
@pytest.mark.parametrize("path", FEEDS)
def test_control_character_in_a_link_never_becomes_a_script_url(client, path, body):
    post = PostFactory(body=body)
    assert "script:" not in post.body_html
    for html in html_a_reader_shows(client, path):
        assert "script:" not in html.lower()
        assert_safe(html, POST)


def payload_everywhere(payload):
    """A post tagged "turva" with ``payload`` in every field, by an author named with it."""
    # Forms refuse NUL characters, and PostgreSQL cannot store them.
    payload = payload.replace("\x00", "")
    author = AuthorFactory(display_name=payload[:100])
    PostFactory(
        title=payload[:200], body=payload, excerpt=payload, authors=[author], tags=["turva"]
    )
    return payload, author


@pytest.mark.parametrize("payload", xss_payloads.ALL)
def test_payload_in_every_field_is_harmless_in_every_feed(client, payload):
    payload, author = payload_everywhere(payload)
    for path in (*FEEDS, f"{author.get_absolute_url()}feed/", "/tags/turva/feed/"):
        shown = list(html_a_reader_shows(client, path))
        assert shown, path
        for html in shown:
            assert_safe(html, POST)


JSON_FEEDS = ("/feeds/json/", "/tags/turva/feed/json/")


@pytest.mark.parametrize("payload", xss_payloads.ALL)
def test_payload_in_every_field_is_harmless_in_every_json_feed(client, payload):
    payload, author = payload_everywhere(payload)
    for path in (*JSON_FEEDS, f"{author.get_absolute_url()}feed/json/"):
        (item,) = json.loads(client.get(path).content)["items"]
        # JSON Feed's title and summary are text, as typed (less the control characters
        # every feed leaves out); content_html is what a reader renders.
        assert item["title"] == re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", payload[:200]).strip()
        assert_safe(item["content_html"], POST)
