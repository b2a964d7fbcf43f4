"""A post whose source gave no date claims none; editors see and give the real dates."""

import datetime
import json
import re
from http import HTTPStatus

import feedparser
import mf2py
import pytest
from django.utils import timezone

from blog.models import Post
from tests.authoring import ADMIN, member
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def undated():
    return PostFactory(title="Ilman päivää", slug="ilman-paivaa", date_unknown=True)


def feed_entry(client, url, title):
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.get("bozo_exception")
    return next(entry for entry in feed.entries if entry.title == title)


def test_the_atom_feed_gives_no_publication_time_but_keeps_updated(client, undated):
    entry = feed_entry(client, "/feeds/atom/", "Ilman päivää")
    assert "published" not in entry
    assert entry.updated_parsed is not None


def test_the_rss_feed_gives_no_publication_date(client, undated):
    assert "published" not in feed_entry(client, "/feeds/rss/", "Ilman päivää")


def test_a_dated_post_keeps_its_publication_time_in_feeds(client):
    PostFactory(title="Päivätty")
    assert feed_entry(client, "/feeds/atom/", "Päivätty").published_parsed is not None


def test_json_ld_leaves_the_publication_date_out(client, undated):
    html = client.get(undated.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(script.group(1))
    assert "datePublished" not in data
    assert data["dateModified"]


def test_the_h_entry_has_no_publication_time(client, undated):
    html = client.get(undated.get_absolute_url()).content.decode()
    entry = next(item for item in mf2py.parse(doc=html)["items"] if "h-entry" in item["type"])
    assert "published" not in entry["properties"]
    assert "article:published_time" not in html


def test_the_sitemap_gives_only_the_last_change(client, undated):
    xml = client.get("/sitemap-posts.xml").content.decode()
    entry = xml.split("/posts/ilman-paivaa/</loc>")[1].split("</url>")[0]
    assert "<lastmod>" in entry


def test_editors_see_how_many_posts_lack_a_date(undated):
    PostFactory(date_unknown=True)
    _editor, client = member("Editor")
    html = client.get(ADMIN).content.decode()
    notice = html.split('class="undated-notice"')[1].split("</p>")[0]
    assert "2" in notice and "?date_unknown__exact=1" in notice


def test_editors_date_several_posts_at_once(undated):
    other = PostFactory(title="Toinenkin", date_unknown=True)
    _editor, client = member("Editor")
    selected = {"action": "set_dates", "_selected_action": [undated.pk, other.pk]}
    form = client.post(ADMIN, selected)
    assert form.status_code == HTTPStatus.OK
    assert 'type="datetime-local"' in form.content.decode()
    done = client.post(
        ADMIN,
        {
            **selected,
            "apply": "1",
            f"date_{undated.pk}": "2014-05-20T09:30",
            f"date_{other.pk}": "",
        },
    )
    assert done.status_code == HTTPStatus.FOUND
    undated.refresh_from_db()
    other.refresh_from_db()
    assert not undated.date_unknown
    helsinki = timezone.get_current_timezone()
    assert undated.published_at == datetime.datetime(2014, 5, 20, 9, 30, tzinfo=helsinki)
    assert other.date_unknown


def test_a_mistyped_date_comes_back_with_what_was_typed(undated):
    _editor, client = member("Editor")
    page = client.post(
        ADMIN,
        {
            "action": "set_dates",
            "_selected_action": [undated.pk],
            "apply": "1",
            f"date_{undated.pk}": "20.5.2014 kello 9",
        },
    )
    html = page.content.decode()
    assert page.status_code == HTTPStatus.OK
    assert 'class="errorlist' in html and 'value="20.5.2014 kello 9"' in html
    undated.refresh_from_db()
    assert undated.date_unknown


def test_contributors_cannot_set_dates(undated):
    contributor, client = member("Contributor")
    mine = PostFactory(
        status=Post.Status.DRAFT, date_unknown=True, authors=[contributor.author_profile]
    )
    html = client.get(ADMIN).content.decode()
    assert 'value="set_dates"' not in html and "undated-notice" not in html
    client.post(
        ADMIN,
        {"action": "set_dates", "_selected_action": [mine.pk], "apply": "1",
         f"date_{mine.pk}": "2014-05-20T09:30"},
    )  # fmt: skip
    mine.refresh_from_db()
    assert mine.date_unknown
