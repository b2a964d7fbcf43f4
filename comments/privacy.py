"""Commenters' personal data: the IP address is only ever stored as a salted hash."""

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from comments.models import Comment


def hash_ip(ip_address):
    """A stable, salted, non-reversible token for ``ip_address`` (empty for no address)."""
    if not ip_address:
        return ""
    return salted_hmac(settings.COMMENTS_IP_SALT, ip_address, algorithm="sha256").hexdigest()


def delete_commenter(email, dry_run=False):
    """Delete every comment written from ``email``; return (deleted, replies kept).

    Other readers' replies to those comments are kept as comments of their own.
    """
    with transaction.atomic():
        theirs = Comment.objects.filter(email__iexact=email.strip())
        replies = Comment.objects.filter(parent__in=theirs).exclude(email__iexact=email.strip())
        kept = replies.count()
        deleted = theirs.count()
        if not dry_run:
            replies.update(parent=None)
            theirs.delete()
    return deleted, kept
