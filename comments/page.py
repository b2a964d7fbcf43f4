"""What a post page needs for its comment form, and the link back after commenting."""

from urllib.parse import urlencode

from django.utils.crypto import constant_time_compare, salted_hmac

from comments.forms import CommentForm
from comments.models import Comment
from comments.tokens import CSRF_TOKEN_SLOT, FORM_TOKEN_SLOT


def _pending_hash(comment):
    return salted_hmac("comments.pending", f"{comment.pk}:{comment.email.lower()}").hexdigest()[:24]


def after_posting_url(comment):
    """Where a commenter lands: her comment, or (while it waits) a view only she has."""
    url = comment.post.get_absolute_url()
    if comment.status == Comment.Status.APPROVED:
        return f"{url}#comment-{comment.pk}"
    query = urlencode({"unapproved": comment.pk, "moderation-hash": _pending_hash(comment)})
    return f"{url}?{query}#comment-{comment.pk}"


def own_pending_comment(request, post):
    """The commenter's own comment that awaits moderation, named in the link she was sent."""
    pk, given = request.GET.get("unapproved", ""), request.GET.get("moderation-hash", "")
    if not pk.isdigit() or not given:
        return None
    comment = (
        Comment.objects.filter(pk=int(pk), post=post)
        .exclude(status=Comment.Status.APPROVED)
        .first()
    )
    if comment is None or not constant_time_compare(given, _pending_hash(comment)):
        return None
    return comment


def comment_form_context(request, post, form=None):
    """The comment form's part of a post page: ``comment_form``, the form to show, or
    ``blank_form`` for the empty form every new reader gets, whose HTML is kept
    (comments_tags.comment_section): no form is built for a page that reuses it."""
    context = {"own_pending_comment": own_pending_comment(request, post)}
    if not post.accepts_comments():
        return context
    reply_to = None
    requested = request.GET.get("replytocom", "")
    if form is None and requested.isdigit():
        form = CommentForm(post=post)
        reply_to = form.fields["parent"].queryset.filter(pk=int(requested)).first()
        form.initial["parent"] = reply_to.pk if reply_to else None
    elif form is not None:
        reply_to = getattr(form, "cleaned_data", {}).get("parent")
    context.update(
        comment_form=form,
        blank_form=form is None,
        reply_to=reply_to,
        form_token_slot=FORM_TOKEN_SLOT,
        csrf_token_slot=CSRF_TOKEN_SLOT,
    )
    return context
