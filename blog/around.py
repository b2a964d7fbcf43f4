"""What a post's page shows beside the post: its neighbours in time and related posts.

They change only when posts come or go for readers (``posts``), so the page keeps them
as one fragment per post (blog_tags.posts_around); a related post's card shows its own
topics, as in any list.
"""

from django.db.models import Count

from blog import topics
from blog.models import Post
from core.caching import shows

RELATED_POSTS = 3


def posts_around(post, neighbours=True):
    """{"previous_post", "next_post", "related_posts"} for ``post``'s page; without
    ``neighbours`` (a preview, which has no place among readers' posts yet), none."""
    # Its own topic too: its tags choose the related posts.
    shows(topics.POSTS, topics.post(post.pk))
    visible = Post.objects.published()
    around = {"previous_post": None, "next_post": None}
    if neighbours and post.published_at:
        # A neighbour is a link: its title and address, not its text.
        linked = visible.only("pk", "title", "slug")
        around["previous_post"] = (
            linked.filter(published_at__lt=post.published_at).order_by("-published_at").first()
        )
        around["next_post"] = (
            linked.filter(published_at__gt=post.published_at).order_by("published_at").first()
        )
    shows(*(topics.post(near.pk) for near in around.values() if near is not None))
    # Ranked on ids and times alone: the posts' rows are read for the three chosen.
    sharing = visible.filter(tags__in=[tag.pk for tag in post.tags.all()])
    ranked = (
        sharing.exclude(pk=post.pk)
        .values("pk")
        .annotate(shared_tags=Count("tags"))
        .order_by("-shared_tags", "-published_at")
        .values("pk")[:RELATED_POSTS]
    )
    around["related_posts"] = list(
        sharing.filter(pk__in=ranked)
        .cards()
        .annotate(shared_tags=Count("tags"))
        .order_by("-shared_tags", "-published_at")
    )
    return around
