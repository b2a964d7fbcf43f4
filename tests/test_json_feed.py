"""JSON Feed 1.1 beside Atom and RSS: the whole blog, one author, one tag."""

import datetime
import json
from http import HTTPStatus

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import AuthorFactory, PostFactory

pytestmark = pytest.mark.django_db


def feed(client, path):
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    return json.loads(response.content)


def test_the_blogs_json_feed_has_every_published_post_in_full(client):
    saija = AuthorFactory(display_name="Saija Vuorinen")
    older = PostFactory(
        title="Palaute on lahja",
        body="Kiitos **palautteesta**.",
        authors=[saija],
        tags=["palaute"],
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    PostFactory(title="Uusin", authors=[saija])
    PostFactory(title="Luonnos", status=Post.Status.DRAFT)
    data = feed(client, "/feeds/json/")
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["home_page_url"] == "http://testserver/"
    assert data["feed_url"] == "http://testserver/feeds/json/"
    assert data["language"] == "fi"
    assert [item["title"] for item in data["items"]] == ["Uusin", "Palaute on lahja"]
    item = data["items"][1]
    assert item["id"] == item["url"] == f"http://testserver{older.get_absolute_url()}"
    assert item["content_html"] == "<p>Kiitos <strong>palautteesta</strong>.</p>"
    assert item["summary"] == "Kiitos palautteesta."
    assert item["tags"] == ["palaute"]
    assert item["authors"] == [
        {"name": "Saija Vuorinen", "url": f"http://testserver{saija.get_absolute_url()}"}
    ]
    assert datetime.datetime.fromisoformat(item["date_published"]) == older.published_at


def test_a_post_whose_date_is_unknown_claims_none(client):
    PostFactory(title="Vanha teksti", date_unknown=True)
    (item,) = feed(client, "/feeds/json/")["items"]
    assert "date_published" not in item and "date_modified" in item


def test_author_and_tag_json_feeds_hold_only_theirs(client):
    riina = AuthorFactory(display_name="Riina")
    PostFactory(title="Riinan", authors=[riina], tags=["empatia"])
    PostFactory(title="Muiden", tags=["hr"])
    by_riina = feed(client, f"{riina.get_absolute_url()}feed/json/")
    assert by_riina["title"] == "Riina – Työelämän tiimiblogi"
    assert [item["title"] for item in by_riina["items"]] == ["Riinan"]
    tagged = feed(client, "/tags/hr/feed/json/")
    assert [item["title"] for item in tagged["items"]] == ["Muiden"]


def test_every_page_links_its_json_feeds(client):
    riina = AuthorFactory(display_name="Riina")
    PostFactory(authors=[riina], tags=["empatia"])
    link = '<link rel="alternate" type="application/feed+json"'
    for path, own in [
        ("/", None),
        ("/tags/empatia/", "/tags/empatia/feed/json/"),
        (riina.get_absolute_url(), f"{riina.get_absolute_url()}feed/json/"),
    ]:
        html = client.get(path).content.decode()
        assert f'{link} title="Työelämän tiimiblogi (JSON Feed)" href="/feeds/json/">' in html
        if own:
            assert f'href="{own}"' in html


def test_a_tag_without_published_posts_has_no_json_feed(client):
    PostFactory(tags=["salainen"], status=Post.Status.DRAFT)
    assert client.get("/tags/salainen/feed/json/").status_code == HTTPStatus.NOT_FOUND
