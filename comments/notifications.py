"""Email to a post's authors about each new comment, with a link to moderate it."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def moderation_path(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


def recipients(comment):
    addresses = []
    for author in comment.post.authors.select_related("user"):
        email = author.user.email
        if email and email.lower() != comment.email.lower() and email not in addresses:
            addresses.append(email)
    return addresses


def notify_authors(comment, moderate_url):
    """Send the email; a mail server failure is logged, never shown to the commenter."""
    to = recipients(comment)
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "comment": comment,
            "post": comment.post,
            "moderate_url": moderate_url,
            "site_name": settings.SITE_NAME,
        }
        subject = render_to_string("comments/email/new_comment_subject.txt", context)
        body = render_to_string("comments/email/new_comment.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, to)
    except Exception:
        logger.exception("Could not email the authors about comment %s", comment.pk)
