from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and none owns; it imports none of them (docs/architecture.md)."""

    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from django.apps import apps
        from django.conf import settings
        from django.contrib import admin
        from django.db.models.signals import post_migrate

        from core import admin_language

        # The admin is the blog's own, named as readers know it, not "Django administration".
        admin.site.site_header = admin.site.site_title = settings.SITE_NAME
        admin_language.install()

        # This app has no models, so Django sends it no post_migrate of its own; auth's comes
        # after every migrate and every test database flush.
        post_migrate.connect(
            _create_missing_roles, sender=apps.get_app_config("auth"), dispatch_uid="core-roles"
        )


def _create_missing_roles(apps=None, **kwargs):
    from django.apps import apps as global_apps

    from core.roles import create_missing_roles

    # A flush (test databases) sends post_migrate without the migration state's apps.
    create_missing_roles(apps or global_apps)
