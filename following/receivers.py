from blog.models import Post
from comments.models import Comment
from core import mail
from core.signals import replies_wanted, went_public
from following import subscribing, tasks
from following.models import Follow


def _went_public(sender, instance, **kwargs):
    if sender is Post:
        tasks.schedule_announcement(instance)
    elif sender is Comment and instance.parent_id is not None:
        mail.enqueue(tasks.announce_reply, instance.pk)


def _replies_wanted(sender, instance, language, **kwargs):
    subscribing.request_follow(instance.email, language, Follow.Kind.REPLIES, instance)


def connect():
    went_public.connect(_went_public, dispatch_uid="following-went-public")
    replies_wanted.connect(_replies_wanted, dispatch_uid="following-replies-wanted")
