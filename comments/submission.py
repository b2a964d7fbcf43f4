"""Taking in a reader's comment: rate limits, moderation, storing it once, telling the authors."""

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import get_language

from comments import moderation, notifications, ratelimit, tasks
from comments.models import Comment
from comments.privacy import hash_ip
from core import mail, signals
from core.client_ip import client_ip


def reader_of(request):
    """The reader as comments know her: her address's salted hash, made once per request."""
    return hash_ip(client_ip(request))


def within_rate_limits(reader, post):
    """Count this attempt of ``reader``; False when she has sent too many lately."""
    reader = reader or "unknown"
    on_post = ratelimit.allow(f"comments:{reader}:{post.pk}", settings.COMMENTS_RATE_LIMIT)
    on_site = ratelimit.allow(f"comments:{reader}", settings.COMMENTS_SITE_RATE_LIMIT)
    return on_post and on_site


class DatabaseBusy(Exception):
    """The comment could not be stored now: the database stayed locked or unreachable."""


def submit(form, request, reader):
    """Store the comment of a valid ``form`` once and return it; the authors hear after commit."""
    if form.duplicate_of is not None:
        return form.duplicate_of
    comment = form.save(commit=False)
    comment.form_nonce = form.nonce
    comment.ip_hash = reader
    comment.prepare()
    comment.status, comment.moderation_note = moderation.decide(comment)
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        # The same form arrived twice at once; the other request stored it.
        return Comment.objects.get(form_nonce=form.nonce)
    except OperationalError as error:
        # SQLite let her wait DJANGO_DB_BUSY_TIMEOUT seconds for another writer (a long
        # import, a backup) and gave up; on PostgreSQL, the server is away.
        raise DatabaseBusy from error
    if form.cleaned_data.get("follow_replies"):
        signals.replies_wanted.send(sender=Comment, instance=comment, language=get_language())
    if comment.status == Comment.Status.APPROVED:
        signals.went_public.send(sender=Comment, instance=comment)
    if comment.status != Comment.Status.SPAM:
        moderate_url = request.build_absolute_uri(notifications.moderation_path(comment))
        mail.enqueue(tasks.notify_authors, comment.pk, moderate_url)
    return comment
