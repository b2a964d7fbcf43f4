from blog.models import Post
from core.signals import went_public
from following import tasks


def _went_public(sender, instance, **kwargs):
    if sender is Post:
        tasks.schedule_announcement(instance)


def connect():
    went_public.connect(_went_public, dispatch_uid="following-went-public")
