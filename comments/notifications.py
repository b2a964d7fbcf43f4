"""Email about each new comment, with a link to moderate it: to the post's authors, or
to the editors when the post has none."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from comments.models import MODERATE_ALL
from core import mail
from core.models import SiteIdentity

# Where roles' permissions live (django-axes's backend, also listed, grants none).
_PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"


def moderation_path(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


def _moderators(post):
    """Who hears of a comment: the post's authors, or the editors when it has none."""
    users = [author.user for author in post.authors.select_related("user")]
    if users:
        return users
    # Editors moderate every post; an unattributed one (an old blog's) is theirs.
    editors = get_user_model().objects.with_perm(MODERATE_ALL, backend=_PERMISSIONS_BACKEND)
    return list(editors.order_by("pk"))


def recipients(comment):
    addresses = []
    for user in _moderators(comment.post):
        email = user.email
        if email and email.lower() != comment.email.lower() and email not in addresses:
            addresses.append(email)
    return addresses


def notify_authors(comment, moderate_url):
    """Send the email (from the task queue, comments.tasks: a failure reaches no reader)."""
    to = recipients(comment)
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "comment": comment,
            "post": comment.post,
            "moderate_url": moderate_url,
            "site_name": SiteIdentity.objects.current().name,
        }
        subject = render_to_string("comments/email/new_comment_subject.txt", context)
        body = render_to_string("comments/email/new_comment.txt", context)
    mail.send(EmailMessage(" ".join(subject.split()), body, None, to))
