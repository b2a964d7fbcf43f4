from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blog.models import Post
from core import signals
from core.caching import PublicContentQuerySet
from core.notes import note_text
from core.rendering import COMMENT, render_markdown
from core.validators import web_url_validator

MAX_COMMENT_LENGTH = COMMENT.max_length
# Editors moderate (and hear of) the comments on every post.
MODERATE_ALL = "comments.moderate_all_comments"


class CommentQuerySet(PublicContentQuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def set_status(self, status):
        """Approve, hold, refuse or remove these comments; the pages showing them follow,
        and a comment readers could not see before goes out (``went_public``)."""
        approving = status == Comment.Status.APPROVED
        newly = list(self.exclude(status=status).values_list("pk", flat=True)) if approving else []
        count = self.update(status=status)
        for comment in Comment.objects.filter(pk__in=newly):
            signals.went_public.send(sender=Comment, instance=comment)
        return count

    def threads_on(self, post):
        """The approved top-level comments of ``post``: what a reply may answer."""
        return self.approved().filter(post=post, parent=None)

    def shown(self):
        """Approved comments whose thread is shown: a reply under a hidden comment is not."""
        return self.approved().filter(
            models.Q(parent=None) | models.Q(parent__status=Comment.Status.APPROVED)
        )

    def visible(self):
        """What readers may see: shown comments on posts that readers may see."""
        return self.shown().filter(post__in=Post.objects.published())


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    post = models.ForeignKey(
        "blog.Post", on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), help_text=_("Never shown publicly."))
    website = models.URLField(_("website"), blank=True, validators=[web_url_validator])
    body = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH)
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    ip_hash = models.CharField(_("IP address hash"), max_length=64, blank=True, editable=False)
    # A note (core.notes), shown in each writer's language; empty when there is none.
    moderation_note = models.JSONField(
        _("moderation note"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Why it was held or refused."),
    )
    # The one-time token of the form it came through: a replayed form is recognised.
    form_nonce = models.CharField(  # noqa: DJ001 (NULL keeps uniqueness for other comments)
        max_length=32, unique=True, null=True, blank=True, editable=False
    )
    # An imported comment's id in its source: how a second import run finds it.
    import_key = models.CharField(  # noqa: DJ001 (NULL keeps uniqueness for other comments)
        max_length=200, unique=True, null=True, blank=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_all_comments", _("Can moderate the comments on every post"))]
        indexes = [
            models.Index(fields=["post", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return _("%(name)s on %(post)s") % {"name": self.name, "post": self.post}

    def save(self, *args, **kwargs):
        self.prepare()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    def moderation_note_text(self):
        """Why it was held or refused, in the reader's language."""
        return note_text(self.moderation_note) if self.moderation_note else ""

    def prepare(self):
        """Fill the derived fields; ``save()`` calls it, moderation needs it sooner.

        The body is rendered once however often this runs, until the body changes.
        """
        if getattr(self, "_rendered_body", None) != self.body:
            self.body_html = render_markdown(self.body, COMMENT)
            self._rendered_body = self.body

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Replies go one level deep: answer the original comment instead.")}
            )
        if self.parent.post_id != self.post_id:
            raise ValidationError({"parent": _("The comment answered is on another post.")})


class BlockedTerm(models.Model):
    """A word or domain that keeps a comment from appearing (WordPress's disallowed keys)."""

    class Kind(models.TextChoices):
        WORD = "word", _("Word or phrase")
        DOMAIN = "domain", _("Domain")

    class Action(models.TextChoices):
        HOLD = "hold", _("Hold for moderation")
        SPAM = "spam", _("Mark as spam")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORD)
    value = models.CharField(
        _("word or domain"),
        max_length=200,
        help_text=_(
            "A word matches anywhere in the name, email, website or comment, in any case. "
            "A domain matches its subdomains too, in links, the website and the email."
        ),
    )
    action = models.CharField(
        _("action"), max_length=10, choices=Action.choices, default=Action.SPAM
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("blocked word or domain")
        verbose_name_plural = _("blocked words and domains")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="blocked_term_unique"),
        ]

    def __str__(self):
        return self.value

    def save(self, *args, **kwargs):
        self.value = self.value.strip().lower()
        if self.kind == self.Kind.DOMAIN:
            # Editors paste whole addresses: "https://spam.example/x" blocks spam.example.
            host = urlsplit(self.value).hostname if "://" in self.value else self.value
            self.value = (host or self.value).removeprefix("*.").strip(".")
        super().save(*args, **kwargs)
