"""Who may do what to which post: the per-object half of the roles.

Django's model permissions say what a role may do at all (groups made by migration
blog 0007: Contributor, Author, Editor). These functions add the per-post rule: without
``blog.edit_all_posts`` a writer reaches only the posts she is one of the authors of,
and without ``blog.publish_post`` only while they are drafts.
"""

from blog.models import Post

EDIT_ALL = "blog.edit_all_posts"
PUBLISH = "blog.publish_post"


def is_author_of(user, post):
    """Whether ``user`` is in ``post``'s byline; asked once per post object, as the admin
    asks it again for every field, inline and button of one page."""
    if post.pk is None:
        return False
    if "_byline_user_ids" not in post.__dict__:
        post._byline_user_ids = set(post.bylines.values_list("author__user_id", flat=True))
    return user.pk in post._byline_user_ids


def posts_visible_to(user, posts):
    """The posts ``user`` may reach in the admin."""
    if user.has_perm(EDIT_ALL):
        return posts
    return posts.filter(bylines__author__user=user).distinct()


def _may(user, action, post):
    if not user.is_active or not user.has_perm(f"blog.{action}_post"):
        return False
    if post is None or user.has_perm(EDIT_ALL):
        return True
    return is_author_of(user, post)


def can_view(user, post=None):
    return _may(user, "view", post) or _may(user, "change", post)


def can_change(user, post=None):
    if not _may(user, "change", post):
        return False
    # A contributor's post leaves her hands once it is published or scheduled.
    return post is None or post.status == Post.Status.DRAFT or user.has_perm(PUBLISH)


def can_delete(user, post=None):
    if not _may(user, "delete", post):
        return False
    return post is None or post.status == Post.Status.DRAFT or user.has_perm(PUBLISH)


def can_publish(user, post=None):
    return user.has_perm(PUBLISH) and (post is None or can_change(user, post))
