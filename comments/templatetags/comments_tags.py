"""The comment section of a post page, so that the post's view never deals with comments."""

from django import template
from django.db.models import Prefetch

from comments.models import Comment
from comments.page import comment_form_context
from core.caching import keep_private

register = template.Library()


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comment_section(context):
    """The approved threads, the reader's own comment awaiting moderation, and the form.

    Reads ``post`` and ``is_preview`` from the page, and ``comment_form`` or
    ``refused_text`` when the comment view shows a refused comment again.
    """
    request, post, is_preview = context["request"], context["post"], context["is_preview"]
    section = {
        "request": request,
        "post": post,
        "is_preview": is_preview,
        "refused_text": context.get("refused_text"),
        "comments": Comment.objects.threads_on(post).prefetch_related(
            Prefetch("replies", queryset=Comment.objects.approved(), to_attr="visible_replies")
        ),
    }
    if not is_preview:
        section.update(comment_form_context(request, post, context.get("comment_form")))
    if section.get("own_pending_comment"):
        keep_private(request)
    return section
