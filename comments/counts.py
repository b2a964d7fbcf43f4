"""How many comments readers see on each post, stored on the post (``Post.comment_count``).

Derived data, kept by the comments' write path: every write of comments (a save, a
delete, moderation's update, an import's bulk create) counts again the posts whose
discussion it may have changed, in the hook that also names the pages it retires. A list
of posts then reads the counts with its rows, and the blog never asks this app.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from blog import topics
from blog.models import Post
from comments.models import Comment

# Whether a comment is shown (its status, its parent's) and on which post.
COUNTED_BY = frozenset({"status", "parent", "parent_id", "post", "post_id"})


def recount(post_pks):
    shown = (
        Comment.objects.shown()
        .filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(count=Count("pk"))
        .values("count")
    )
    # Only the ids: the write path reads the rows it updates, and a post's texts are long.
    posts = Post.objects.filter(pk__in=post_pks).only("pk")
    posts.update(comment_count=Coalesce(Subquery(shown), 0))


def comments_changed(changed_comments, changed=None):
    """Count the touched posts' comments again, and name the pages the write retires."""
    if changed is None or changed & COUNTED_BY:
        recount({each.post_id for each in changed_comments})
    return topics.comments_changed(changed_comments, changed)
