"""The queue's work for followers: ids in, rows out (following.sending says why)."""

from django.utils import timezone
from django_tasks import task

from comments.models import Comment
from core import mail
from following import sending


@task()
def announce(post_id):
    for batch in sending.announce(post_id):
        mail.enqueue(deliver, batch)


@task()
def announce_reply(comment_id):
    reply = Comment.objects.filter(pk=comment_id).first()
    if reply is not None:
        for batch in sending.reply_went_public(reply):
            mail.enqueue(deliver, batch)


@task()
def deliver(ids, attempt=0):
    try:
        sending.deliver(ids)
    except sending.ServerAway as away:
        mail.later(deliver, attempt, away.left)


@task()
def send_confirmation(follower_id, follow_ids, attempt=0):
    try:
        sending.send_confirmation(follower_id, follow_ids)
    except mail.PASSING:
        mail.later(send_confirmation, attempt, follower_id, follow_ids)


def schedule_announcement(post):
    """Announce ``post`` to its followers at its time (at once when that has come)."""
    announcement = sending.schedule(post)
    if announcement is None:
        return
    when = announcement.due_at if announcement.due_at > timezone.now() else None
    mail.enqueue(announce.using(run_after=when), post.pk)


def recover():
    for batch in sending.recover():
        mail.enqueue(deliver, batch)
