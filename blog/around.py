"""What a post's page shows beside the post: its neighbours in time and related posts.

The page keeps each as a fragment per post (blog_tags.posts_around). The neighbours
change only when a post comes, goes or moves in time next to it (``neighbours:<pk>``,
blog.topics.beside): a new post retires the newest post's, not every post's. The related
posts change only when a post sharing one of its tags comes, goes or moves in time (each
tag's ``tag:<pk>``), or its own tags change: a new post retires the related posts of the
posts it shares a tag with. A related post's card shows its own topics, as in any list.
"""

from django.db.models import Count

from blog import topics
from blog.models import Post
from core.caching import shows

RELATED_POSTS = 3


def neighbours(post):
    """{"previous_post", "next_post"}: the posts readers see just before and after it."""
    shows(topics.neighbours(post.pk), topics.NEIGHBOURS)
    around = {"previous_post": None, "next_post": None}
    if post.published_at:
        # A neighbour is a link: its title and address, not its text.
        linked = Post.objects.published().only("pk", "title", "slug")
        around["previous_post"] = (
            linked.filter(published_at__lt=post.published_at).order_by("-published_at").first()
        )
        around["next_post"] = (
            linked.filter(published_at__gt=post.published_at).order_by("published_at").first()
        )
    shows(*(topics.post(near.pk) for near in around.values() if near is not None))
    return around


def related_posts(post):
    """The posts readers see that share most of its tags, the newest first among equals."""
    tags = [tag.pk for tag in post.tags.all()]
    # Its own topic too: its tags choose them.
    shows(topics.post(post.pk), *map(topics.tag, tags))
    sharing = Post.objects.published().filter(tags__in=tags)
    # Ranked on ids and times alone: the posts' rows are read for the three chosen.
    ranked = (
        sharing.exclude(pk=post.pk)
        .values("pk")
        .annotate(shared_tags=Count("tags"))
        .order_by("-shared_tags", "-published_at")
        .values("pk")[:RELATED_POSTS]
    )
    return list(
        sharing.filter(pk__in=ranked)
        .cards()
        .annotate(shared_tags=Count("tags"))
        .order_by("-shared_tags", "-published_at")
    )
