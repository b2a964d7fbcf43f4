from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from django.db.models.signals import post_migrate

        from blog import demo, signals, topics
        from blog.models import Post, PostImage
        from core import bootstrap, worker
        from core.caching import changes_by_itself
        from core.markdown_images import find_uploads_with

        signals.connect()
        changes_by_itself(topics.went_out)
        find_uploads_with(PostImage.named)
        # Cards an import, a byline or the site's new name left undrawn (core.cards).
        worker.every_minute(Post.objects.draw_stale_social_cards)
        bootstrap.after_demo_content(demo.add_pictures)
        post_migrate.connect(_repair_search_index, sender=self)


def _repair_search_index(using, **kwargs):
    from blog.search import repair_sqlite_index

    repair_sqlite_index(using)
