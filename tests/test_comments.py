import pytest
from django.core.exceptions import ValidationError

from comments.models import Comment
from comments.privacy import hash_ip
from tests.commenting import comment_on
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_body_is_rendered_with_the_strict_allowlist():
    comment = CommentFactory(body="# Otsikko\n\n**Hyvä** https://example.com <script>x</script>")
    assert "<h1>" not in comment.body_html
    assert "<strong>Hyvä</strong>" in comment.body_html
    assert 'rel="nofollow ugc noopener"' in comment.body_html
    assert "<script>" not in comment.body_html


def test_ip_is_stored_only_as_a_salted_hash(quick_comments):
    comment_on(PostFactory(), ip="192.0.2.10", body="Osoitteesta talteen vain tiiviste.")
    comment = Comment.objects.get()
    assert "192.0.2.10" not in comment.ip_hash
    assert len(comment.ip_hash) == 64
    assert comment.ip_hash == hash_ip("192.0.2.10")
    assert comment.ip_hash != hash_ip("192.0.2.11")


def test_ip_hash_changes_with_the_salt(settings):
    first = hash_ip("192.0.2.10")
    settings.COMMENTS_IP_SALT = "another salt"
    assert hash_ip("192.0.2.10") != first


def test_a_reply_answers_a_comment_on_the_same_post():
    parent = CommentFactory()
    reply = CommentFactory(post=parent.post, parent=parent)
    reply.full_clean()
    assert list(parent.replies.all()) == [reply]


def test_replies_go_only_one_level_deep():
    parent = CommentFactory()
    reply = CommentFactory(post=parent.post, parent=parent)
    nested = CommentFactory.build(post=parent.post, parent=reply)
    with pytest.raises(ValidationError) as error:
        nested.full_clean()
    assert "yhden tason syvyisiä" in str(error.value.message_dict["parent"])


def test_reply_must_be_on_the_same_post():
    parent = CommentFactory()
    stray = CommentFactory.build(post=PostFactory(), parent=parent)
    with pytest.raises(ValidationError):
        stray.full_clean()


def test_new_comment_waits_for_moderation():
    assert Comment(post=PostFactory(), name="a", email="a@example.com", body="b").status == (
        Comment.Status.PENDING
    )


def test_readers_see_only_approved_comments_on_visible_posts():
    visible = CommentFactory()
    CommentFactory(post=visible.post, status=Comment.Status.PENDING)
    CommentFactory(post=visible.post, status=Comment.Status.SPAM)
    CommentFactory(post=visible.post, status=Comment.Status.REMOVED)
    CommentFactory(post=PostFactory(status="draft"))
    assert list(Comment.objects.visible()) == [visible]
