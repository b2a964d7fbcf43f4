"""New posts and replies to their followers: each mail a ``Delivery`` row first, so that a
follower gets one mail per post (the rows are unique), and a worker that dies or a mail
server that is away loses nothing: what was not sent is taken again.

Tasks hand over ids only; the rows say what is left to do.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from core import mail
from following import mails
from following.models import Announcement, Delivery, Follow, Follower

logger = logging.getLogger(__name__)

# Mails per task: what one SMTP connection sends, and what a worker that dies holds.
BATCH = 50
CONFIRM_SALT = "following.confirm"


# A delivery taken this long ago and not sent was held by a worker that died.
def stale_after():
    return datetime.timedelta(seconds=settings.MAIL_STALE_SECONDS)


def schedule(post):
    """``post`` was published or scheduled through the write path: its announcement, due at
    its time; None when it already went out."""
    # Due when readers can see it: now for a post dated in the past.
    due_at = max(post.published_at, timezone.now())
    announcement, created = Announcement.objects.get_or_create(
        post=post, defaults={"due_at": due_at}
    )
    if not created:
        if announcement.state != Announcement.State.WAITING:
            return None
        announcement.due_at = due_at
        announcement.save(update_fields=["due_at"])
    return announcement


def followers_of(post):
    """Confirmed followers of the blog, of one of ``post``'s authors or of one of its tags."""
    following = Follow.objects.confirmed().filter(
        Q(kind=Follow.Kind.BLOG)
        | Q(kind=Follow.Kind.AUTHOR, author__in=post.authors.all())
        | Q(kind=Follow.Kind.TAG, tag__in=post.tags.all())
    )
    return Follower.objects.reachable().filter(pk__in=following.values("follower"))


def announce(post_id):
    """Make the deliveries of a post whose time has come, once; return their batches."""
    with transaction.atomic():
        announcement = (
            Announcement.objects.select_for_update()
            .filter(post_id=post_id, state=Announcement.State.WAITING)
            .first()
        )
        if announcement is None:
            return []
        post = Post.objects.published().filter(pk=post_id).first()
        if post is None:
            # Not visible (yet, or any more): its time or its status changed since.
            return []
        follower_ids = list(followers_of(post).values_list("pk", flat=True))
        Delivery.objects.bulk_create(
            [Delivery(follower_id=pk, post=post) for pk in follower_ids],
            ignore_conflicts=True,
            batch_size=1000,
        )
        announcement.state = Announcement.State.SENT
        announcement.recipients = len(follower_ids)
        announcement.save(update_fields=["state", "recipients"])
        pending = Delivery.objects.filter(post=post, state=Delivery.State.PENDING)
        return batches(pending)


def reply_went_public(reply):
    """``reply`` became visible: the followers of the comment it answers hear of it."""
    if reply.parent_id is None:
        return []
    following = Follow.objects.confirmed().filter(kind=Follow.Kind.REPLIES, comment=reply.parent_id)
    follower_ids = Follower.objects.reachable().filter(pk__in=following.values("follower"))
    # Not about her own reply to her own comment.
    follower_ids = follower_ids.exclude(email__iexact=reply.email).values_list("pk", flat=True)
    Delivery.objects.bulk_create(
        [Delivery(follower_id=pk, reply=reply) for pk in follower_ids], ignore_conflicts=True
    )
    return batches(Delivery.objects.filter(reply=reply, state=Delivery.State.PENDING))


def batches(deliveries):
    ids = list(deliveries.order_by("pk").values_list("pk", flat=True))
    return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]


class ServerAway(Exception):
    """The mail server could not take mail now; ``left`` are the deliveries not sent."""

    def __init__(self, left, error):
        super().__init__(str(error))
        self.left = left


def deliver(ids):
    """Send the deliveries ``ids`` not yet taken by another worker, over one connection;
    raise ``ServerAway`` with those left when the server fails, having put them back."""
    now = timezone.now()
    Delivery.objects.filter(pk__in=ids, state=Delivery.State.PENDING).update(
        state=Delivery.State.SENDING, claimed_at=now
    )
    mine = list(
        Delivery.objects.filter(pk__in=ids, state=Delivery.State.SENDING, claimed_at=now)
        .select_related("follower", "post", "reply__post")
        .order_by("pk")
    )
    if not mine:
        return 0
    connection = None
    sent = 0
    try:
        for index, delivery in enumerate(mine):
            message = _message_for(delivery)
            try:
                if connection is None:
                    connection = message.get_connection()
                    connection.open()
                mail.send(message, connection)
            except mail.Refused as refused:
                _refused(delivery, refused)
                continue
            except mail.PASSING as error:
                left = [item.pk for item in mine[index:]]
                Delivery.objects.filter(pk__in=left).update(
                    state=Delivery.State.PENDING, claimed_at=None, error=str(error)[:255]
                )
                Delivery.objects.filter(pk=delivery.pk).update(attempts=delivery.attempts + 1)
                raise ServerAway(left, error) from error
            Delivery.objects.filter(pk=delivery.pk).update(
                state=Delivery.State.SENT, sent_at=timezone.now(), error=""
            )
            sent += 1
    finally:
        if connection is not None:
            try:
                connection.close()
            except mail.PASSING:
                logger.warning("The mail server went away as its connection was closed.")
    return sent


def _message_for(delivery):
    if delivery.post_id:
        return mails.new_post(delivery.follower, delivery.post)
    return mails.reply(delivery.follower, delivery.reply)


def _refused(delivery, refused):
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.FAILED, error=str(refused)[:255]
    )
    Follower.objects.filter(pk=delivery.follower_id).update(refused_at=timezone.now())


def send_confirmation(follower_id, follow_ids):
    """Ask the follower to confirm what she asked to follow (the requests still open)."""
    follower = Follower.objects.reachable().filter(pk=follower_id).first()
    if follower is None:
        return
    follows = list(
        follower.follows.filter(pk__in=follow_ids, confirmed_at__isnull=True).select_related(
            "author", "tag", "comment__post"
        )
    )
    if not follows:
        return
    path = reverse("following:confirm", args=[follower.token, confirmation_code(follows)])
    try:
        mail.send(mails.confirmation(follower, follows, mails.absolute(path)))
    except mail.Refused:
        Follower.objects.filter(pk=follower.pk).update(refused_at=timezone.now())


def confirmation_code(follows):
    """The signed list of the requests a confirmation link confirms."""
    return signing.dumps([follow.pk for follow in follows], salt=CONFIRM_SALT, compress=True)


def recover(now=None):
    """What a dead worker or a lost task left: deliveries taken and never sent, announcements
    whose time came, and requests never confirmed. Return the batches to send again."""
    now = now or timezone.now()
    Delivery.objects.filter(
        state=Delivery.State.SENDING, claimed_at__lt=now - stale_after()
    ).update(state=Delivery.State.PENDING, claimed_at=None)
    Follow.objects.expired(now).delete()
    Follower.objects.filter(follows__isnull=True).delete()
    # Only what has waited that long: newer work has its task still to come, and mail the
    # server refused for now has its next try queued.
    long_ago = now - stale_after()
    due = Announcement.objects.filter(state=Announcement.State.WAITING, due_at__lt=long_ago)
    found = [
        batch for post_id in due.values_list("post_id", flat=True) for batch in announce(post_id)
    ]
    waiting = Delivery.objects.filter(state=Delivery.State.PENDING).filter(
        Q(post__announcement__due_at__lt=long_ago) | Q(reply__created_at__lt=long_ago)
    )
    return found + batches(waiting)
