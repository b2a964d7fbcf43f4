"""What readers see changes through one write path, which also retires cached pages."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from comments.page import after_posting_url
from tests.factories import AuthorFactory, CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_front_page(client):
    """The front page as a reader's cache holds it: later reads come from the page cache."""
    client.get("/")
    return lambda: client.get("/").content.decode()


def test_publishing_a_draft_shows_it_on_cached_pages(
    cached_front_page, django_capture_on_commit_callbacks
):
    draft = PostFactory(title="Luonnos valmistui", status=Post.Status.DRAFT, published_at=None)
    assert "Luonnos valmistui" not in cached_front_page()
    with django_capture_on_commit_callbacks(execute=True):
        assert Post.objects.filter(pk=draft.pk).publish() == 1
    draft.refresh_from_db()
    assert draft.status == Post.Status.PUBLISHED
    assert timezone.now() - draft.published_at < datetime.timedelta(minutes=1)
    assert "Luonnos valmistui" in cached_front_page()


def test_publishing_a_post_with_a_future_time_schedules_it(
    cached_front_page, django_capture_on_commit_callbacks
):
    later = timezone.now() + datetime.timedelta(days=2)
    draft = PostFactory(title="Ajastettu", status=Post.Status.DRAFT, published_at=later)
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.filter(pk=draft.pk).publish()
    draft.refresh_from_db()
    assert draft.published_at == later
    assert draft.is_scheduled
    assert "Ajastettu" not in cached_front_page()
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        assert "Ajastettu" in cached_front_page()


def test_unpublishing_removes_a_post_from_cached_pages_and_keeps_its_time(
    cached_front_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = PostFactory(title="Vedetään pois")
    published_at = post.published_at
    assert "Vedetään pois" in cached_front_page()
    with django_capture_on_commit_callbacks(execute=True):
        assert Post.objects.filter(pk=post.pk).unpublish() == 1
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert post.published_at == published_at
    assert "Vedetään pois" not in cached_front_page()


def test_a_comment_status_change_reaches_the_cached_post_page(
    client, django_capture_on_commit_callbacks
):
    post = PostFactory()
    comment = CommentFactory(post=post, status=Comment.Status.PENDING, body="Jonossa odottava")
    assert "Jonossa odottava" not in client.get(post.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.APPROVED)
    assert "Jonossa odottava" in client.get(post.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.SPAM)
    assert "Jonossa odottava" not in client.get(post.get_absolute_url()).content.decode()


def test_posts_written_in_bulk_reach_cached_pages(
    cached_front_page, django_capture_on_commit_callbacks
):
    """As the importer writes them: bulk_create sends no signal."""
    post = Post(title="Tuotu erässä", status=Post.Status.PUBLISHED, published_at=timezone.now())
    post.prepare()
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.bulk_create([post])
    assert "Tuotu erässä" in cached_front_page()


def test_a_new_byline_reaches_cached_pages(cached_front_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = PostFactory()
    assert post.title in cached_front_page()
    with django_capture_on_commit_callbacks(execute=True):
        post.set_authors([AuthorFactory(display_name="Uusi Kirjoittaja")])
    assert "Uusi Kirjoittaja" in cached_front_page()


def test_a_page_showing_a_readers_pending_comment_is_never_stored(client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    comment = CommentFactory(status=Comment.Status.PENDING, body="Vain minulle")
    url = after_posting_url(comment)
    page = client.get(url)
    assert "Vain minulle" in page.content.decode()
    assert "no-cache" in page["Cache-Control"]
    assert "ETag" not in page
