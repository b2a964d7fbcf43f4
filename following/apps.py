from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    name = "following"
    verbose_name = _("Following by email")

    def ready(self):
        from core import worker
        from following import receivers, tasks

        receivers.connect()
        worker.every_minute(tasks.recover)
