"""What a post's page shows beside the post: its neighbours in time and related posts.

The page keeps each as a fragment per post (blog_tags.posts_around). The neighbours
change only when a post comes, goes or moves in time next to it (``neighbours:<pk>``,
blog.topics.beside): a new post retires the newest post's, not every post's. The related
posts change only when a post sharing one of its tags comes, goes or moves in time (each
tag's ``tag:<pk>``), or its own tags change: a new post retires the related posts of the
posts it shares a tag with. A related post's card shows its own topics, as in any list.
"""

from functools import partial

from django.db.models import Count

from blog import topics
from blog.models import Post
from core import compiled
from core.caching import fragment, shows

RELATED_POSTS = 3


def neighbours(post):
    """{"previous_post", "next_post"}: the posts readers see just before and after it."""
    shows(topics.neighbours(post.pk), topics.NEIGHBOURS)
    around = {"previous_post": None, "next_post": None}
    if post.published_at:
        around["previous_post"] = _nearest(post, "published_at__lt", "-published_at")
        around["next_post"] = _nearest(post, "published_at__gt", "published_at")
    shows(*(topics.post(near.pk) for near in around.values() if near is not None))
    return around


def _nearest(post, side, order):
    """The post readers see nearest to ``post`` in time on one side, or None."""

    def nearest():
        # A neighbour is a link: its title and address, not its text.
        linked = Post.objects.published().only("pk", "title", "slug")
        return linked.filter(**{side: post.published_at}).order_by(order)[:1]

    at = post.published_at.isoformat()
    return next(iter(compiled.rows(f"nearest:{post.pk}:{side}:{at}", nearest)), None)


def related_posts(post):
    """The posts readers see that share most of its tags, the newest first among equals."""
    # Its tags are kept under its own topic (a tagging retires it), which a new post
    # sharing them leaves as it was: only the ranking is read again.
    tags = fragment(f"post-tag-ids:{post.pk}", partial(_tag_ids, post))
    shows(topics.post(post.pk), *map(topics.tag, tags))

    def chosen():
        sharing = Post.objects.published().filter(tags__in=tags)
        # Ranked on ids and times alone: the posts' rows are read for the three chosen.
        ranked = (
            sharing.exclude(pk=post.pk)
            .values("pk")
            .annotate(shared_tags=Count("tags"))
            .order_by("-shared_tags", "-published_at")
            .values("pk")[:RELATED_POSTS]
        )
        return (
            sharing.filter(pk__in=ranked)
            .cards()
            .annotate(shared_tags=Count("tags"))
            .order_by("-shared_tags", "-published_at")
        )

    return compiled.rows(f"related-posts:{post.pk}:{','.join(map(str, tags))}", chosen)


def _tag_ids(post):
    shows(topics.post(post.pk))
    return [tag.pk for tag in post.tags.all()]
