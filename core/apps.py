from django.apps import AppConfig
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and none owns; it imports none of them (docs/architecture.md)."""

    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from django.apps import apps
        from django.contrib import admin
        from django.db.models.signals import post_migrate

        from core import admin_language
        from core.caching import readers_see
        from core.models import SiteIdentity

        # The blog's own name, as editors set it, not "Django administration".
        admin.site.site_header = admin.site.site_title = lazy(_site_name, str)()
        admin_language.install()
        readers_see(SiteIdentity)

        # Roles need auth's permissions: auth's post_migrate comes after every migrate and
        # every test database flush.
        post_migrate.connect(
            _create_missing_roles, sender=apps.get_app_config("auth"), dispatch_uid="core-roles"
        )


def _site_name():
    from core.models import SiteIdentity

    return SiteIdentity.objects.current().name


def _create_missing_roles(apps=None, **kwargs):
    from django.apps import apps as global_apps

    from core.roles import create_missing_roles

    # A flush (test databases) sends post_migrate without the migration state's apps.
    create_missing_roles(apps or global_apps)
