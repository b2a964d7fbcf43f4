"""The comment section of a post page, so that the post's view never deals with comments."""

from django import template
from django.db.models import Prefetch
from django.template.loader import render_to_string

from blog import topics
from comments.forms import CommentForm
from comments.models import Comment
from comments.page import comment_form_context
from core.caching import fragment, keep_private

register = template.Library()


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comment_section(context):
    """The approved threads, the reader's own comment awaiting moderation, and the form.

    Reads ``post`` and ``is_preview`` from the page, and ``comment_form`` or
    ``refused_text`` when the comment view shows a refused comment again. The threads,
    and the form as a new reader gets it, are rendered once per version of the post's
    discussion and shared by every page showing them.
    """
    request, post, is_preview = context["request"], context["post"], context["is_preview"]
    section = {
        "request": request,
        "post": post,
        "is_preview": is_preview,
        "refused_text": context.get("refused_text"),
    }
    if not is_preview:
        section.update(comment_form_context(request, post, context.get("comment_form")))
    form, blank = section.get("comment_form"), section.get("blank_form")
    # Open threads offer a reply link under each comment.
    replies_open = bool(form or blank)
    section["threads"] = fragment(
        f"threads:{post.pk}:{'open' if replies_open else 'closed'}",
        lambda: _threads(post, replies_open=replies_open),
    )
    if blank or (form and not form.is_bound and not section["reply_to"]):
        section["form_html"] = fragment(f"comment-form:{post.pk}", lambda: _form(section))
    if section.get("own_pending_comment"):
        keep_private(request)
    return section


def _threads(post, replies_open):
    topics.shows_post_discussion(post)
    comments = Comment.objects.threads_on(post).prefetch_related(
        Prefetch("replies", queryset=Comment.objects.approved(), to_attr="visible_replies")
    )
    return render_to_string(
        "comments/_threads.html",
        {"comments": comments, "post": post, "comment_form": replies_open},
    )


def _form(section):
    # Which comments a reply may answer: the post's discussion.
    topics.shows_post_discussion(section["post"])
    form = section["comment_form"] or CommentForm(post=section["post"])
    return render_to_string("comments/_form.html", {**section, "comment_form": form})
