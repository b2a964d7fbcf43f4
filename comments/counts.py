"""What lists of posts show of comments: how many each post has.

The one import the blog makes of this app (docs/architecture.md, and the exception in
the import contract in pyproject.toml): a count in the list's own query costs no query,
where a template tag asking afterwards would cost one more per page.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from comments.models import Comment


def with_comment_counts(posts):
    """``posts`` with ``comment_count``: the approved comments readers see on each."""
    # A subquery, not a join: no GROUP BY, so the posts' default ordering still applies.
    counts = (
        Comment.objects.shown()
        .filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return posts.annotate(comment_count=Coalesce(Subquery(counts), 0))
