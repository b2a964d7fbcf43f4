from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from blog.topics import comments
        from comments.models import Comment
        from core.caching import readers_see

        # A comment shows on its post's page and in the count its card shows in lists.
        readers_see(Comment, lambda comment, changed: [comments(comment.post_id)])
