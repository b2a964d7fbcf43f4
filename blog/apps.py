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
        post_migrate.connect(_create_missing_roles, sender=self)


def _repair_search_index(using, **kwargs):
    from blog.search import repair_sqlite_index

    repair_sqlite_index(using)


def _create_missing_roles(apps=None, **kwargs):
    from django.apps import apps as global_apps

    from blog.roles import create_missing_roles

    # A flush (test databases) sends post_migrate without the migration state's apps.
    create_missing_roles(apps or global_apps)
