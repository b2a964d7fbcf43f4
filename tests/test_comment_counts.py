"""The count of comments each post shows in lists, stored on the post by the comments'
write path: every way a comment changes keeps it right, and a post's save keeps it."""

import pytest

from blog.models import Post
from comments.models import Comment
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def shown_on(post):
    return Post.objects.get(pk=post.pk).comment_count


def home(client):
    return client.get("/").content.decode()


def test_count_follows_moderation_and_deletion(client, django_capture_on_commit_callbacks):
    post = PostFactory()
    first = CommentFactory(post=post)
    second = CommentFactory(post=post, status=Comment.Status.PENDING)
    assert shown_on(post) == 1
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(pk=second.pk).set_status(Comment.Status.APPROVED)
    assert shown_on(post) == 2
    assert "2 kommenttia" in home(client)
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(pk=first.pk).set_status(Comment.Status.SPAM)
    assert shown_on(post) == 1
    assert "1 kommentti" in home(client)
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert shown_on(post) == 0
    assert "0 kommenttia" in home(client)


def test_reply_counts_only_while_its_thread_is_shown():
    post = PostFactory()
    parent = CommentFactory(post=post, status=Comment.Status.PENDING)
    CommentFactory(post=post, parent=parent)
    assert shown_on(post) == 0
    Comment.objects.filter(pk=parent.pk).set_status(Comment.Status.APPROVED)
    assert shown_on(post) == 2
    Comment.objects.filter(pk=parent.pk).set_status(Comment.Status.REMOVED)
    assert shown_on(post) == 0


def test_each_post_keeps_its_own_count():
    one, other = PostFactory(), PostFactory()
    CommentFactory.create_batch(3, post=one)
    CommentFactory(post=other)
    Comment.objects.filter(post=one).set_status(Comment.Status.PENDING)
    assert (shown_on(one), shown_on(other)) == (0, 1)


def test_comments_created_in_bulk_are_counted():
    post = PostFactory()
    Comment.objects.bulk_create(
        Comment(post=post, name="Tuotu", email="tuotu@example.fi", body=f"Vanha {n}.")
        for n in range(3)
    )
    Comment.objects.bulk_create(
        [Comment(post=post, name="Odottaa", email="o@example.fi", body="Ei vielä.")]
    )
    assert shown_on(post) == 0
    Comment.objects.filter(post=post, name="Tuotu").set_status(Comment.Status.APPROVED)
    assert shown_on(post) == 3


def test_saving_a_post_keeps_a_comment_approved_while_it_was_open():
    post = PostFactory(title="Vanha otsikko")
    open_in_admin = Post.objects.get(pk=post.pk)
    CommentFactory(post=post)
    open_in_admin.title = "Uusi otsikko"
    open_in_admin.save()
    saved = Post.objects.get(pk=post.pk)
    assert (saved.title, saved.comment_count) == ("Uusi otsikko", 1)
