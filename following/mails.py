"""The mails followers get: plain text and HTML, in the follower's language, each with a
one-click unsubscribe (RFC 8058) and a link to change what she follows."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.models import SiteIdentity


def absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def links(follower):
    return {
        "manage_url": absolute(reverse("following:manage", args=[follower.token])),
        "unsubscribe_url": absolute(reverse("following:unsubscribe", args=[follower.token])),
    }


def _message(follower, template, context, unsubscribe=True):
    """The mail ``template`` (.txt, .html and _subject.txt) makes for ``follower``."""
    with translation.override(follower.language):
        context = {**context, **links(follower), "site_name": SiteIdentity.objects.current().name}
        subject = render_to_string(f"following/email/{template}_subject.txt", context)
        text = render_to_string(f"following/email/{template}.txt", context)
        html = render_to_string(f"following/email/{template}.html", context)
    headers = {}
    if unsubscribe:
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        " ".join(subject.split()), text, None, [follower.email], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation(follower, follows, confirm_url):
    return _message(
        follower,
        "confirm",
        {"follows": follows, "confirm_url": confirm_url},
        unsubscribe=False,
    )


def new_post(follower, post):
    return _message(
        follower, "new_post", {"post": post, "post_url": absolute(post.get_absolute_url())}
    )


def reply(follower, comment):
    return _message(
        follower,
        "reply",
        {
            "comment": comment,
            "post": comment.post,
            "reply_url": absolute(comment.get_absolute_url()),
        },
    )
