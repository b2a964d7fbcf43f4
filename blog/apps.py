from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from django.db.models.signals import post_migrate

        from blog import signals

        signals.connect()
        post_migrate.connect(_repair_search_index, sender=self)


def _repair_search_index(using, **kwargs):
    from blog.search import repair_sqlite_index

    repair_sqlite_index(using)
