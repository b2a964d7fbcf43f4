"""A query read again after a change runs the SQL Django compiled the first time
(core.compiled), with the moment of the new read in it: what it shows is what a query
built afresh would show."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from blog.models import Post
from blog.sitemaps import TagSitemap
from core import compiled
from tests.factories import PostFactory


def related_section(client, url):
    page = client.get(url).content.decode()
    return (
        page.split('class="related-posts"')[1].split("</section>")[0]
        if "related-posts" in page
        else ""
    )


@pytest.mark.django_db
def test_related_posts_show_a_scheduled_post_on_its_tags_when_its_time_comes(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = PostFactory(title="Perehdytys", tags=["hr"])
        PostFactory(title="Rekrytointi", tags=["hr"])
        PostFactory(
            title="Huomenna",
            tags=["hr"],
            published_at=timezone.now() + datetime.timedelta(hours=2),
        )
    url = post.get_absolute_url()
    related = related_section(client, url)
    assert "Rekrytointi" in related and "Huomenna" not in related
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        related = related_section(client, url)
    assert "Rekrytointi" in related and "Huomenna" in related


@pytest.mark.django_db(transaction=True)
def test_a_list_kept_by_one_thread_is_read_again_by_another(settings):
    settings.PAGE_CACHE_SECONDS = 0
    PostFactory(title="Ensimmäinen")
    assert "Ensimmäinen" in Client().get("/").content.decode()
    PostFactory(title="Toinen")
    pages = []

    def read():
        try:
            pages.append(Client().get("/").content.decode())
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert "Toinen" in pages[0] and "Ensimmäinen" in pages[0]


@pytest.mark.django_db
def test_a_scheduled_posts_page_opens_when_its_time_comes(client):
    post = PostFactory(title="Huomenna", published_at=timezone.now() + datetime.timedelta(hours=2))
    assert client.get(post.get_absolute_url()).status_code == 404
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        page = client.get(post.get_absolute_url())
    assert page.status_code == 200 and "Huomenna" in page.content.decode()


@pytest.mark.django_db
def test_a_query_holding_a_time_it_was_not_told_of_is_built_again():
    def before_now():
        return Post.objects.filter(published_at__lte=timezone.now())

    PostFactory(title="Eilen")
    assert [post.title for post in compiled.rows("before-now", before_now)] == ["Eilen"]
    PostFactory(title="Huomenna", published_at=timezone.now() + datetime.timedelta(hours=2))
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        titles = {post.title for post in compiled.rows("before-now", before_now)}
    assert titles == {"Eilen", "Huomenna"}


@pytest.mark.django_db
def test_the_sitemap_index_counts_a_tag_whose_first_post_goes_out(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(TagSitemap, "limit", 1)
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(tags=["hr"])
        PostFactory(tags=["uusi"], published_at=timezone.now() + datetime.timedelta(hours=2))
    assert "sitemap-tags.xml?p=2<" not in client.get("/sitemap.xml").content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-tags.xml?p=2</loc>" in index
