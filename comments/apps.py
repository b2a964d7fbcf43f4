from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from comments.counts import comments_changed
        from comments.models import Comment
        from core.caching import readers_see

        readers_see(Comment, comments_changed)
