"""A reader's follows: asked for, confirmed through the link mailed to her, changed or ended
through the links in every mail. Nothing is mailed but the confirmation until she clicks it."""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from core import mail
from following import sending, tasks
from following.models import Follow, Follower

# The field of a follow that names what it follows, by kind.
TARGETS = {Follow.Kind.AUTHOR: "author", Follow.Kind.TAG: "tag", Follow.Kind.REPLIES: "comment"}
# A second request for the same address within this time mails nothing new.
ASK_AGAIN_AFTER = datetime.timedelta(days=1)


def request_follow(email, language, kind, target=None):
    """Record that ``email`` asks to follow ``kind`` (``target``: the author, tag or comment);
    mail her the confirmation unless one went to her within a day. Return True when it goes."""
    now = timezone.now()
    field = TARGETS.get(kind)
    with transaction.atomic():
        follower, _created = Follower.objects.get_or_create(
            email=email.strip().lower(), defaults={"language": language}
        )
        follower = Follower.objects.select_for_update().get(pk=follower.pk)
        follower.follows.get_or_create(kind=kind, **({field: target} if field else {}))
        if follower.refused_at or (follower.asked_at and now - follower.asked_at < ASK_AGAIN_AFTER):
            return False
        open_requests = list(
            follower.follows.filter(confirmed_at__isnull=True).values_list("pk", flat=True)
        )
        if not open_requests:
            # She follows it already: nothing to confirm, nothing to tell (to no one else).
            return False
        follower.asked_at = now
        follower.save(update_fields=["asked_at"])
        mail.enqueue(tasks.send_confirmation, follower.pk, open_requests)
    return True


def confirm(token, code):
    """Confirm the requests a confirmation link names; return the follower and her confirmed
    follows, or None when the link is not good (forged, or older than the limit)."""
    try:
        ids = signing.loads(
            code,
            salt=sending.CONFIRM_SALT,
            max_age=datetime.timedelta(days=settings.FOLLOW_CONFIRM_DAYS),
        )
    except signing.BadSignature:
        return None
    follower = Follower.objects.filter(token=token).first()
    if follower is None:
        return None
    follower.follows.filter(pk__in=ids, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    confirmed = follower.follows.confirmed().filter(pk__in=ids)
    return follower, list(confirmed.select_related("author", "tag", "comment__post"))


def unsubscribe(token):
    """End everything the address follows, and forget the address. Return whether there was one."""
    deleted, _by_model = Follower.objects.filter(token=token).delete()
    return bool(deleted)


def keep_only(follower, follow_ids, language):
    """The follower keeps ``follow_ids`` of her confirmed follows, and mail in ``language``;
    one who keeps nothing is forgotten. Return whether she still follows something."""
    follower.follows.confirmed().exclude(pk__in=follow_ids).delete()
    if not follower.follows.exists():
        follower.delete()
        return False
    follower.language = language
    follower.save(update_fields=["language"])
    return True


def delete_follower(email, dry_run=False):
    """Forget ``email``: the address, what it follows and the mail sent to it. Return how
    many follows it had, or None when it follows nothing here."""
    follower = Follower.objects.filter(email=email.strip().lower()).first()
    if follower is None:
        return None
    follows = follower.follows.count()
    if not dry_run:
        follower.delete()
    return follows
