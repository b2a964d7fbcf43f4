from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blog.rendering import COMMENT, render_markdown
from blog.validators import web_url_validator
from comments.privacy import hash_ip

MAX_COMMENT_LENGTH = 3000


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def visible(self):
        """What readers may see: approved comments on posts that readers may see."""
        from blog.models import Post

        return self.approved().filter(post__in=Post.objects.published())


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

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return _("%(name)s on %(post)s") % {"name": self.name, "post": self.post}

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body, COMMENT)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Replies go one level deep: answer the original comment instead.")}
            )
        if self.parent.post_id != self.post_id:
            raise ValidationError({"parent": _("The comment answered is on another post.")})

    def set_ip_address(self, ip_address):
        self.ip_hash = hash_ip(ip_address)
