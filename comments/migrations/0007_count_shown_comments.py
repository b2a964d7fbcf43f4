from django.db import migrations
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

APPROVED = "approved"


def count_shown_comments(apps, schema_editor):
    """Fill each post's stored count with the comments readers see on it (comments.counts)."""
    Comment = apps.get_model("comments", "Comment")
    Post = apps.get_model("blog", "Post")
    shown = (
        Comment.objects.filter(status=APPROVED)
        .filter(Q(parent=None) | Q(parent__status=APPROVED))
        .filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(count=Count("pk"))
        .values("count")
    )
    Post.objects.update(comment_count=Coalesce(Subquery(shown), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0020_post_comment_count"),
        ("comments", "0006_moderation_note_as_json"),
    ]

    operations = [migrations.RunPython(count_shown_comments, migrations.RunPython.noop)]
