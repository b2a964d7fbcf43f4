"""Conditional GETs, the anonymous page cache, and its invalidation."""

import datetime
import re
import shutil
import threading
import time
from http import HTTPStatus

import feedparser
import markdown
import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from authors.models import Author
from blog.feeds import FEED_LENGTH
from blog.models import Post
from blog.topics import POST_RUN
from comments.models import Comment
from core import caching
from core.bootstrap import load_demo_content
from core.caching import page_key
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/posts/esimies-muiden-silmin/",
    "/authors/",
    "/authors/riina-michelsson/",
    "/authors/riina-michelsson/feed/",
    "/tags/",
    "/tags/asiakaspalvelu/",
    "/tags/asiakaspalvelu/feed/",
    "/archive/2015/",
    "/archive/2015/10/",
    "/search/?q=asiakas",
    "/feeds/atom/",
    "/feeds/rss/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.fixture
def demo():
    load_demo_content(extras=False)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_answer_conditional_gets_with_304(client, demo, url):
    first = client.get(url)
    assert first.status_code == HTTPStatus.OK
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == HTTPStatus.NOT_MODIFIED
    assert (
        client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == HTTPStatus.NOT_MODIFIED
    )


FORM_TOKENS = re.compile(rb'(name="(?:csrfmiddlewaretoken|form_token)" value=")[^"]*"')


def without_form_tokens(content):
    return FORM_TOKENS.sub(rb'\1"', content)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_cached_page_is_served_without_queries(client, demo, django_assert_num_queries, url):
    first = client.get(url).content
    with django_assert_num_queries(0):
        assert without_form_tokens(client.get(url).content) == without_form_tokens(first)


def test_cached_post_page_gives_each_reader_fresh_form_tokens(demo):
    """The page comes from the shared cache; the comment form's tokens are each reader's."""
    url = "/posts/esimies-muiden-silmin/"
    first, second = Client().get(url), Client().get(url)
    tokens = [
        dict(
            re.findall(
                r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"',
                response.content.decode(),
            )
        )
        for response in (first, second)
    ]
    assert tokens[0]["form_token"] != tokens[1]["form_token"]
    assert tokens[0]["csrfmiddlewaretoken"] != tokens[1]["csrfmiddlewaretoken"]
    assert b"token-slot" not in first.content + second.content
    assert "private" in second["Cache-Control"] and "public" not in second["Cache-Control"]
    assert second.cookies["csrftoken"].value


def test_no_markdown_is_rendered_on_a_request(client, demo, monkeypatch):
    def refuse(self, source):
        raise AssertionError("Markdown rendered during a request")

    monkeypatch.setattr(markdown.Markdown, "convert", refuse)
    for url in PUBLIC_PAGES:
        assert client.get(url).status_code == HTTPStatus.OK, url


def test_publishing_a_post_shows_it_at_once(client, demo, django_capture_on_commit_callbacks):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(title="Juuri julkaistu")
    assert "Juuri julkaistu" in client.get("/").content.decode()


def test_editing_a_post_changes_its_etag_and_page(client, demo, django_capture_on_commit_callbacks):
    url = "/posts/esimies-muiden-silmin/"
    etag = client.get(url)["ETag"]
    post = Post.objects.get(slug="esimies-muiden-silmin")
    with django_capture_on_commit_callbacks(execute=True):
        post.body = "Korjattu teksti."
        post.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == HTTPStatus.OK
    assert "Korjattu teksti." in response.content.decode()


def test_archive_months_are_counted_again_only_when_a_month_comes(
    client, demo, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0

    def months_counted(url):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return sum("archive_month" in query["sql"] for query in queries.captured_queries)

    assert months_counted("/") == 1
    assert months_counted("/posts/esimies-muiden-silmin/") == 0
    with django_capture_on_commit_callbacks(execute=True):
        dated = Post.objects.published().filter(date_unknown=False).latest()
        PostFactory(title="Samaan kuuhun", published_at=dated.published_at)
    assert months_counted("/") == 0
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(
            title="Uusi kuu", published_at=datetime.datetime(2031, 1, 5, 12, tzinfo=datetime.UTC)
        )
    with time_machine.travel(datetime.datetime(2031, 2, 1, tzinfo=datetime.UTC)):
        # The first request after the post went out retires what it touches (on commit).
        with django_capture_on_commit_callbacks(execute=True):
            client.get("/")
        assert 'href="/archive/2031/1/"' in client.get("/").content.decode()


def test_a_change_made_by_another_process_reaches_readers_within_a_second(
    client, demo, monkeypatch
):
    """Each process rereads the shared versions after VERSION_RECHECK_SECONDS."""
    monkeypatch.setattr(caching, "VERSION_RECHECK_SECONDS", 0.2)
    url = "/posts/esimies-muiden-silmin/"
    client.get(url)
    post = Post.objects.get(slug="esimies-muiden-silmin")
    Post.objects.filter(pk=post.pk).update(body_html="<p>Toisesta koneesta.</p>")
    # What another process's retire() leaves in the shared cache.
    cache.set(f"topic:post:{post.pk}", cache.incr(caching.CLOCK_KEY), None)
    time.sleep(0.3)
    assert "Toisesta koneesta." in client.get(url).content.decode()


def test_approving_a_comment_in_the_admin_shows_it(
    client, admin_client, demo, django_capture_on_commit_callbacks
):
    post = Post.objects.get(slug="esimies-muiden-silmin")
    comment = CommentFactory(post=post, status=Comment.Status.PENDING, body="Odotan hyväksyntää")
    assert "Odotan hyväksyntää" not in client.get(post.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/comments/comment/",
            {"action": "approve", "_selected_action": [comment.pk]},
        )
    assert "Odotan hyväksyntää" in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize("page_cache_seconds", [60, 0], ids=["pages", "kept lists"])
def test_scheduled_post_appears_in_cached_pages_when_its_time_comes(
    client, demo, settings, django_capture_on_commit_callbacks, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    # The newest post's page links on to it: its neighbours retire when it goes out.
    newest = Post.objects.published().latest("published_at").get_absolute_url()
    lists = ["/", "/tags/asiakaspalvelu/", "/authors/riina-michelsson/", "/feeds/atom/", newest]
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(
            title="Huomenna",
            authors=[Author.objects.get(slug="riina-michelsson")],
            tags=["asiakaspalvelu"],
            published_at=timezone.now() + datetime.timedelta(hours=2),
        )
    for url in lists:
        assert "Huomenna" not in client.get(url).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        shown = {url for url in lists if "Huomenna" in client.get(url).content.decode()}
        assert shown == set(lists)


def test_more_scheduled_posts_than_one_look_reads_go_out_together_and_the_next_after_them(
    client, demo, django_capture_on_commit_callbacks
):
    soon = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(12):
            PostFactory(title=f"Ajastettu {number}", published_at=soon)
        PostFactory(title="Viimeisenä", published_at=soon + datetime.timedelta(hours=3))
    assert "Ajastettu" not in client.get("/feeds/atom/").content.decode()
    with time_machine.travel(soon + datetime.timedelta(hours=1)):
        feed = client.get("/feeds/atom/").content.decode()
        assert all(f"Ajastettu {number}<" in feed for number in range(12))
        assert "Viimeisenä" not in feed
    with time_machine.travel(soon + datetime.timedelta(hours=4)):
        assert "Viimeisenä" in client.get("/feeds/atom/").content.decode()


def test_a_look_at_the_schedule_finding_nothing_due_leaves_its_mark_where_it_was(
    client, demo, django_capture_on_commit_callbacks
):
    soon = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(title="Ajastettu", published_at=soon)
    client.get("/feeds/atom/")
    mark = cache.get(caching.TIMED_KEY)
    with time_machine.travel(soon - datetime.timedelta(hours=1)):
        caching.forget_read_versions()
        assert "Ajastettu" not in client.get("/feeds/atom/").content.decode()
        assert cache.get(caching.TIMED_KEY) == mark
    with time_machine.travel(soon + datetime.timedelta(hours=1)):
        caching.forget_read_versions()
        assert "Ajastettu" in client.get("/feeds/atom/").content.decode()
        assert cache.get(caching.TIMED_KEY) > soon


@pytest.fixture
def cache_trips(monkeypatch):
    """[(operation, keys)]: each trip a request makes to the shared cache (a backend's
    many-key operation made of one-key ones counts once)."""
    trips, inside = [], []
    for operation in ("get", "get_many", "set", "set_many", "add", "delete", "incr"):
        original = getattr(cache, operation)

        def counted(keys, *args, _operation=operation, _original=original, **kwargs):
            if not inside:
                trips.append((_operation, sorted(keys) if _operation == "get_many" else keys))
            inside.append(_operation)
            try:
                return _original(keys, *args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, operation, counted)
    return trips


def test_a_page_drawn_after_a_change_reads_the_clock_with_the_schedules_mark(
    client, demo, settings, django_capture_on_commit_callbacks, cache_trips
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/feeds/atom/")
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(title="Uusi")
    cache_trips.clear()
    assert "Uusi" in client.get("/feeds/atom/").content.decode()
    marks = [trip for trip in cache_trips if caching.TIMED_KEY in trip[1]]
    clocks = [trip for trip in cache_trips if caching.CLOCK_KEY in trip[1]]
    assert marks == clocks == [("get_many", sorted([caching.CLOCK_KEY, caching.TIMED_KEY]))]


def test_signed_in_editors_get_fresh_uncached_pages(admin_client, demo):
    draft = PostFactory(title="Esikatselu", status="draft")
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "ETag" not in response
    assert "no-cache" in response["Cache-Control"]


def test_an_editors_preview_never_reaches_anonymous_readers(client, admin_client, demo):
    draft = PostFactory(title="Esikatselu", status="draft")
    admin_client.get(draft.get_absolute_url())
    admin_client.get("/")
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert "Esikatselu" not in client.get("/").content.decode()


def test_each_language_is_cached_apart(client, demo):
    assert "Uusimmat kirjoitukset" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Latest posts" in client.get("/").content.decode()


def test_language_switch_needs_no_csrf_token_and_pages_set_no_cookie(demo):
    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/")
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert not page.cookies
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == HTTPStatus.FOUND


def test_cached_feed_is_stored_in_one_piece(client, demo):
    """Django's feeds write many small chunks; served one by one they cut throughput 8x."""
    client.get("/feeds/atom/")
    response = client.get("/feeds/atom/")
    assert len(response._container) == 1
    assert feedparser.parse(response.content).entries


@pytest.mark.parametrize(
    "url, lookups",
    [
        ("/feeds/atom/", 0),
        ("/feeds/rss/", 0),
        ("/tags/asiakaspalvelu/feed/", 1),
        ("/authors/riina-michelsson/feed/", 1),
    ],
)
def test_a_feed_keeps_its_list_and_writes_each_entry_once_per_version_of_its_post(
    client,
    demo,
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    url,
    lookups,
):
    settings.PAGE_CACHE_SECONDS = 0
    first = client.get(url).content
    caching.versions([caching.SITE])
    # Which posts it lists and every entry are kept: only its tag or author is looked up.
    with django_assert_num_queries(lookups):
        assert client.get(url).content == first
    post = Post.objects.get(slug=feedparser.parse(first).entries[0].link.split("/")[-2])
    post.title = f"{post.title}, osa 2"
    with django_capture_on_commit_callbacks(execute=True):
        post.save()
    with CaptureQueriesContext(connection) as queries:
        feed = feedparser.parse(client.get(url).content)
    assert feed.entries[0].title == post.title
    assert len(feed.entries) == len(feedparser.parse(first).entries)
    # The list is not read again; only the edited post's entry is written again, from
    # its row, byline and tags.
    read = [query["sql"] for query in queries]
    assert not [sql for sql in read if f"LIMIT {FEED_LENGTH}" in sql]
    assert len([sql for sql in read if f"IN ({post.pk})" in sql]) == 3, read


def test_the_sitemap_index_retired_by_an_edit_asks_only_the_posts_again(
    client, demo, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    first = client.get("/sitemap.xml").content.decode()
    caching.versions([caching.SITE])
    with django_assert_num_queries(0):
        assert client.get("/sitemap.xml").content.decode() == first
    post = Post.objects.published().latest("updated_at")
    post.title = f"{post.title}, osa 2"
    with django_capture_on_commit_callbacks(execute=True):
        post.save()
    with CaptureQueriesContext(connection) as queries:
        index = client.get("/sitemap.xml").content.decode()
    # The posts' section shows the edit as its last change; tags and authors are not
    # counted again.
    post.refresh_from_db()
    assert f"<lastmod>{timezone.localtime(post.updated_at).isoformat()}</lastmod>" in index
    assert index != first
    read = " ".join(query["sql"] for query in queries)
    assert '"blog_post"."updated_at"' in read
    assert "taggit" not in read and "authors_author" not in read


def test_the_sitemap_index_reads_its_sections_in_one_trip_and_keeps_them_in_one(
    client, demo, settings, django_capture_on_commit_callbacks, cache_trips
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/sitemap.xml")
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(title="Uusi", tags=["uusi-aihe"])
    caching.forget_read_versions()
    cache_trips.clear()
    assert client.get("/sitemap.xml").status_code == HTTPStatus.OK
    sections = [
        (operation, keys)
        for operation, keys in cache_trips
        if any("sitemap-section" in key for key in keys)
    ]
    assert [operation for operation, _keys in sections] == ["get_many", "set_many"]
    assert len(sections[0][1]) == 4


def test_an_edited_post_writes_again_only_its_run_of_the_posts_sitemap(
    client, demo, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    far = PostFactory(pk=POST_RUN + 500, title="Toisessa erässä")
    first = client.get("/sitemap-posts.xml").content.decode()
    assert first.count("<url>") == Post.objects.published().count()
    caching.versions([caching.SITE])
    with django_assert_num_queries(0):
        assert client.get("/sitemap-posts.xml").content.decode() == first
    far.slug = "toisessa-erassa-uusi"
    with django_capture_on_commit_callbacks(execute=True):
        far.save()
    with CaptureQueriesContext(connection) as queries:
        xml = client.get("/sitemap-posts.xml").content.decode()
    assert "/posts/toisessa-erassa-uusi/</loc>" in xml and "/toisessa-erassa/<" not in xml
    assert xml.count("<url>") == first.count("<url>")
    # One run is written again: the thousand ids the edited post is among.
    (written,) = [query["sql"] for query in queries if "<url>" in query["sql"]]
    assert written.count("<url>") == 1
    assert f"VALUES ({POST_RUN}))" in written


def test_a_post_page_renders_the_post_once_per_version_and_its_discussion_apart(
    client, demo, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    url = "/posts/esimies-muiden-silmin/"
    client.get(url)
    caching.versions([caching.SITE])
    # The post's parts, its neighbours and its discussion are kept: one query for the post.
    with django_assert_num_queries(1):
        assert client.get(url).status_code == HTTPStatus.OK
    post = Post.objects.get(slug="esimies-muiden-silmin")
    comment = CommentFactory(post=post, status=Comment.Status.PENDING, body="Tervetuloa!")
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.APPROVED)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "Tervetuloa!" in page
    # The discussion is rendered again; the post, its byline and its neighbours are not.
    read = " ".join(query["sql"] for query in queries)
    assert "blog_postauthor" not in read and "taggit" not in read


def comment_approved_on_first_card(page, django_capture_on_commit_callbacks):
    """A comment approved on the post of the first card ``page`` shows; that post."""
    card = page.split('class="h-entry post-summary', 1)[1]
    post = Post.objects.get(slug=re.search(r'href="/posts/([^/"]+)/"', card)[1])
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.APPROVED)
    return post


@pytest.mark.parametrize(
    "url, lookups",
    [
        ("/", 0),
        ("/archive/2015/", 0),
        ("/tags/asiakaspalvelu/", 1),
        ("/authors/riina-michelsson/", 1),
    ],
)
def test_a_list_retired_by_a_comment_reads_again_only_the_post_it_changed(
    client,
    demo,
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    url,
    lookups,
):
    settings.PAGE_CACHE_SECONDS = 0
    first = client.get(url).content.decode()
    caching.versions([caching.SITE])
    # Which posts the page holds is kept, and their cards: only the tag or the author
    # whose page it is is looked up.
    with django_assert_num_queries(lookups):
        assert client.get(url).content.decode() == first
    post = comment_approved_on_first_card(first, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert page != first
    # The list is not read again; its card is drawn again, from its post and bylines alone.
    read = [query["sql"] for query in queries]
    assert not [sql for sql in read if "list_length" in sql]
    rows = [sql for sql in read if '"blog_post"."title"' in sql or "blog_postauthor" in sql]
    assert len(rows) == 2 and all(f"IN ({post.pk})" in sql for sql in rows), rows


def test_a_search_retired_by_a_comment_reads_only_the_hit_it_changed_and_a_new_text_ranks_again(
    client, demo, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    url = "/search/?q=asiakas"
    first = client.get(url).content.decode()
    post = comment_approved_on_first_card(first, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).content.decode() != first
    ranking = ("blog_post_fts", "search_vector")
    assert not [query for query in queries if any(word in query["sql"] for word in ranking)]
    # Only the hit whose count changed is read and drawn again.
    rows = [query["sql"] for query in queries if '"blog_post"."title"' in query["sql"]]
    assert len(rows) == 1 and f"IN ({post.pk})" in rows[0], rows
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(title="Asiakas ensin")
    assert "<mark>Asiakas</mark> ensin" in client.get(url).content.decode()


def test_a_new_post_retires_its_authors_list_and_not_the_cards_of_her_other_posts(
    client, demo, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    riina = Author.objects.get(slug="riina-michelsson")
    client.get(riina.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        new = PostFactory(title="Palautteen aika", authors=[riina], tags=["asiakaspalvelu"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(riina.get_absolute_url()).content.decode()
    assert "Palautteen aika" in page
    # Only the new post's card is drawn: her name on the others' is as it was.
    bylines = [query["sql"] for query in queries if '"blog_postauthor"."position"' in query["sql"]]
    assert len(bylines) == 1 and f"IN ({new.pk})" in bylines[0], bylines


def test_a_new_post_counts_again_only_its_own_tags_in_the_tags_index(
    client, demo, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/tags/")
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(title="Palautteen aika", tags=["asiakaspalvelu"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/tags/").content.decode()
    assert '>asiakaspalvelu</a> <span class="count">(3)</span>' in page
    counted = [query["sql"] for query in queries if "COUNT(" in query["sql"]]
    tag = Tag.objects.get(slug="asiakaspalvelu")
    assert len(counted) == 1 and f'"tag_id" IN ({tag.pk})' in counted[0], counted


def test_a_new_post_counts_again_only_its_own_authors_in_the_authors_index(
    client, demo, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    riina = Author.objects.get(slug="riina-michelsson")
    client.get("/authors/")
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(title="Palautteen aika", authors=[riina])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/authors/").content.decode()
    counted = [query["sql"] for query in queries if "COUNT(" in query["sql"]]
    assert len(counted) == 1 and f'"author_id" IN ({riina.pk})' in counted[0], counted
    mine = page.split(">Riina Michelsson</a>")[1].split("</li>")[0]
    assert f"{Post.objects.published().filter(authors=riina).count()} kirjoitusta" in mine


def test_a_new_post_ranks_again_the_related_posts_only_of_posts_sharing_a_tag(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        hr, _other_hr, service, _other_service = (
            PostFactory(tags=[tag]) for tag in ("hr", "hr", "asiakaspalvelu", "asiakaspalvelu")
        )
    for post in (hr, service):
        client.get(post.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(title="Palautteen aika", tags=["asiakaspalvelu"])
    for post, ranked_again in ((hr, False), (service, True)):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(post.get_absolute_url()).content.decode()
        related = page.split('class="related-posts"')[1]
        assert ("Palautteen aika" in related) is ranked_again
        ranking = [query for query in queries if '"shared_tags"' in query["sql"]]
        assert bool(ranking) is ranked_again, post


def test_values_kept_per_topic_are_computed_again_only_for_the_topics_that_moved(
    django_capture_on_commit_callbacks,
):
    computed = []

    def compute(keys):
        computed.append(sorted(keys))
        return {key: f"{key} {len(computed)}" for key in keys}

    topic_of = {"a": "tag:1", "b": "tag:2", "c": "tag:3"}
    assert caching.kept_per_topic("counts", topic_of, compute) == {
        "a": "a 1", "b": "b 1", "c": "c 1"
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        caching.retire("tag:2")
    assert caching.kept_per_topic("counts", topic_of, compute)["b"] == "b 2"
    assert caching.kept_per_topic("counts", {"a": "tag:1"}, compute) == {"a": "a 1"}
    assert computed == [["a", "b", "c"], ["b"]]

    # A value read before a change that lands once the render began is not kept.
    def around():
        rows = "read before"
        with django_capture_on_commit_callbacks(execute=True):
            caching.retire("tag:1")
        return caching.kept_per_topic("counts", topic_of, lambda keys: {"a": rows})

    assert caching.fragment("around", around) == {"a": "read before", "b": "b 2", "c": "c 1"}
    assert caching.kept_per_topic("counts", topic_of, compute)["a"] == "a 3"


def test_a_page_whose_post_left_the_list_since_it_was_kept_shows_the_others(client, demo, settings):
    """A change reaches a process within a second: in between, a kept list can name a post
    readers no longer see. Its card, if not kept, is left out and nothing fails."""
    settings.PAGE_CACHE_SECONDS = 0
    cards = client.get("/").content.decode().count('class="h-entry post-summary card')
    post = Post.objects.published().latest("published_at")
    # Taken out behind the cache's back, as another process would before this one reads
    # the new versions; its card is no longer kept anywhere.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE blog_post SET status = 'draft' WHERE id = %s", [post.pk])
    cache.delete_many(
        [f"fragment:{caching.code_fingerprint()}:{kind}:{post.pk}:fi" for kind in ("lead", "card")]
    )
    caching._forget_local()
    page = client.get("/")
    assert page.status_code == HTTPStatus.OK
    assert post.title not in page.content.decode()
    assert page.content.decode().count('class="h-entry post-summary card') == cards - 1


def test_a_worker_serves_the_fragments_it_keeps_while_they_are_current(
    client, demo, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    post = Post.objects.get(slug="esimies-muiden-silmin")
    client.get(post.get_absolute_url())
    # The shared cache lets the post's parts go (a full Redis evicts them): the worker
    # that used them still has them.
    parts = ["post-article", "post-neighbours", "related-posts", "post-head:http://testserver"]
    cache.delete_many(
        [f"fragment:{caching.code_fingerprint()}:{part}:{post.pk}:fi" for part in parts]
    )
    caching.versions([caching.SITE])
    with django_assert_num_queries(1):
        assert client.get(post.get_absolute_url()).status_code == HTTPStatus.OK


def test_a_worker_lets_its_fragments_go_when_the_shared_cache_loses_the_versions(
    client, demo, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(caching, "VERSION_RECHECK_SECONDS", 0)
    post = Post.objects.get(slug="esimies-muiden-silmin")
    assert "Esimies muiden silmin" in client.get(post.get_absolute_url()).content.decode()
    post.title = "Esimies muiden silmin, osa 2"
    with django_capture_on_commit_callbacks(execute=True):
        post.save()
    # The shared cache is emptied before anyone reads the post again: its version is
    # what it was before the change, and the worker's copy from before would pass.
    cache.clear()
    page = client.get(post.get_absolute_url()).content.decode()
    assert '<h1 class="p-name">Esimies muiden silmin, osa 2</h1>' in page


def test_a_change_landing_while_a_fragment_reads_its_rows_leaves_no_stale_copy(
    django_capture_on_commit_callbacks,
):
    def change_elsewhere(missing=None):
        with django_capture_on_commit_callbacks(execute=True):
            caching.retire("tag:1")

    def read(value):
        caching.shows("tag:1")
        return value

    # Read while preparing its parts, before the change.
    assert caching.fragments([("prepared", lambda: read("old"))], change_elsewhere) == ["old"]
    assert caching.fragment("prepared", lambda: read("new")) == "new"

    # Read by the fragment around it, before the change.
    def around():
        rows = "old"
        change_elsewhere()
        return caching.fragment("inner", lambda: read(rows))

    assert caching.fragment("around", around) == "old"
    assert caching.fragment("inner", lambda: read("new")) == "new"


@pytest.mark.parametrize("page_cache_seconds", [0, 3600])
def test_a_change_landing_after_a_pages_view_read_its_rows_leaves_no_stale_fragment(
    django_capture_on_commit_callbacks, settings, page_cache_seconds
):
    """With the page cache off (or for a signed-in editor) as with it on: a fragment
    drawn from what the view read before a change is not kept under the new version."""
    settings.PAGE_CACHE_SECONDS = page_cache_seconds

    def read(value):
        caching.shows("tag:1")
        return value

    def view(request):
        rows = "old"
        with django_capture_on_commit_callbacks(execute=True):
            caching.retire("tag:1")
        return HttpResponse(caching.fragment("drawn-from-the-view", lambda: read(rows)))

    request = RequestFactory().get("/", HTTP_HOST="testserver")
    request.user = AnonymousUser()
    assert caching.cached_public_page(view)(request).content == b"old"
    assert caching.fragment("drawn-from-the-view", lambda: read("new")) == "new"


def test_after_a_deploy_that_changes_a_template_nothing_the_old_one_drew_is_served(
    client, demo, settings, tmp_path
):
    templates = tmp_path / "templates"
    shutil.copytree(settings.TEMPLATES[0]["DIRS"][0], templates)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [templates]}]
    caching.code_fingerprint.cache_clear()
    post = Post.objects.get(slug="esimies-muiden-silmin")
    for url in ("/", post.get_absolute_url()):
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit"
    # The new release names the authors' boxes otherwise, and its workers start afresh.
    article = templates / "blog" / "_post_article.html"
    article.write_text(article.read_text().replace("author-box", "writer-box"))
    card = templates / "blog" / "_post_summary.html"
    card.write_text(card.read_text().replace("post-summary card", "post-summary card new"))
    caching.code_fingerprint.cache_clear()
    caching.forget_read_versions()
    engines["django"].engine.template_loaders[0].reset()
    assert 'class="writer-box' in client.get(post.get_absolute_url()).content.decode()
    assert "post-summary card new" in client.get("/").content.decode()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_request_for_another_host_and_scheme_never_shapes_what_readers_get(
    client, demo, settings, url
):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    poisoned = client.get(url, HTTP_HOST="localhost:8200", secure=True)
    assert poisoned.status_code == HTTPStatus.OK
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "localhost:8200" not in page.content.decode()
    assert "https://testserver" not in page.content.decode()


@pytest.mark.parametrize(
    "condition",
    [{"HTTP_IF_NONE_MATCH": "*"}, {"HTTP_IF_MODIFIED_SINCE": "Fri, 01 Jan 2100 00:00:00 GMT"}],
    ids=["any etag", "a date to come"],
)
def test_a_page_that_does_not_exist_is_never_not_modified(client, demo, condition):
    for url in ("/posts/ei-ole-olemassa/", "/tags/ei-ole/", "/archive/1999/"):
        assert client.get(url, **condition).status_code == HTTPStatus.NOT_FOUND, url
    assert client.get("/", **condition).status_code == HTTPStatus.NOT_MODIFIED


# One render at a time: a burst of readers after a change costs one render.


def test_readers_are_told_whether_their_page_was_rendered_or_a_stored_copy(
    client, demo, django_capture_on_commit_callbacks
):
    url = "/posts/esimies-muiden-silmin/"
    assert [client.get(url)["X-Cache"] for _ in range(2)] == ["miss", "hit"]
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.get(slug="esimies-muiden-silmin").save()
    assert [client.get(url)["X-Cache"] for _ in range(2)] == ["miss", "hit"]


def another_process_renders(key, seconds, copy=None):
    """Hold the page's render lock as another process would, for ``seconds``; then store
    ``copy`` as its page (or nothing, as for a page no cache keeps) and let go."""
    cache.add(f"{key}:rendering", True, 10)

    def finish():
        if copy is not None:
            cache.set(key, copy)
        cache.delete(f"{key}:rendering")

    timer = threading.Timer(seconds, finish)
    timer.start()
    return timer


def copy_of_another_process(client, title):
    """(url, key, copy) of a new post's page: ``copy`` is the page as another process
    stores it, told apart by its words; the cache holds no copy yet."""
    url = PostFactory(title=title).get_absolute_url()
    assert client.get(url).status_code == HTTPStatus.OK
    key = page_key(RequestFactory().get(url))
    copy = cache.get(key)
    page = copy["response"]
    page.content = page.content.replace(title.encode(), b"Toisen prosessin kopio")
    cache.delete(key)
    return url, key, copy


def test_a_reader_waits_for_the_copy_another_process_is_rendering(client):
    url, key, copy = copy_of_another_process(client, "Odotettu sivu")
    timer = another_process_renders(key, 0.3, copy)
    response = client.get(url)
    timer.join()
    assert b"Toisen prosessin kopio" in response.content
    assert response["X-Cache"] == "hit"


def test_a_reader_takes_the_copy_stored_just_before_the_lock_is_let_go(client, monkeypatch):
    url, key, copy = copy_of_another_process(client, "Juuri valmistunut")
    cache.add(f"{key}:rendering", True, 10)
    read, reads = cache.get, []

    def get(name, *args, **kwargs):
        found = read(name, *args, **kwargs)
        reads.append(name)
        if reads.count(key) == 2:
            # The other process finishes right after the reader found no copy in her
            # first wait: it stores its copy, then lets go of the lock.
            cache.set(key, copy)
            cache.delete(f"{key}:rendering")
        return found

    monkeypatch.setattr(cache, "get", get)
    response = client.get(url)
    assert b"Toisen prosessin kopio" in response.content
    assert response["X-Cache"] == "hit"


def test_a_reader_renders_her_own_when_the_other_process_stores_nothing(client):
    post = PostFactory(title="Oma renderöinti")
    url = post.get_absolute_url()
    key = page_key(RequestFactory().get(url))
    timer = another_process_renders(key, 0.2)
    response = client.get(url)
    timer.join()
    assert response.status_code == HTTPStatus.OK and "Oma renderöinti" in response.content.decode()
    assert response["X-Cache"] == "miss"
    assert cache.get(key) is not None


def test_a_lock_nobody_lets_go_of_keeps_a_reader_waiting_no_longer_than_the_setting(
    client, settings
):
    settings.PAGE_RENDER_WAIT_SECONDS = 0.1
    post = PostFactory(title="Kaatunut renderöijä")
    url = post.get_absolute_url()
    key = page_key(RequestFactory().get(url))
    cache.add(f"{key}:rendering", True, 10)
    response = client.get(url)
    assert (
        response.status_code == HTTPStatus.OK and "Kaatunut renderöijä" in response.content.decode()
    )
