from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from django.db.models.signals import post_migrate

        from blog import signals
        from blog.models import Post, PostImage
        from core.caching import changes_by_itself
        from core.markdown_images import find_uploads_with

        signals.connect()
        changes_by_itself(Post.objects.next_publication_time)
        find_uploads_with(PostImage.named)
        post_migrate.connect(_repair_search_index, sender=self)


def _repair_search_index(using, **kwargs):
    from blog.search import repair_sqlite_index

    repair_sqlite_index(using)
