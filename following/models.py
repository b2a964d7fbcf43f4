import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from authors.models import Author
from blog.models import Post
from comments.models import Comment


def new_token():
    return secrets.token_urlsafe(32)


class FollowerQuerySet(models.QuerySet):
    def reachable(self):
        """Followers mail may go to: the address was not refused for good."""
        return self.filter(refused_at__isnull=True)


class Follower(models.Model):
    """An email address that follows something here, and the secret of its links."""

    email = models.EmailField(_("email"), unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # In every link of every mail: confirming, changing what she follows, unsubscribing.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # When the last confirmation mail went: a second request within a day sends nothing.
    asked_at = models.DateTimeField(_("last asked to confirm"), null=True, blank=True)
    # The mail server refused the address for good (a 5xx): nothing more is sent to it.
    refused_at = models.DateTimeField(_("refused by the mail server"), null=True, blank=True)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        ordering = ["email"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class FollowQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def expired(self, now=None):
        """Requests never confirmed within ``settings.FOLLOW_CONFIRM_DAYS``."""
        limit = (now or timezone.now()) - timezone.timedelta(days=settings.FOLLOW_CONFIRM_DAYS)
        return self.filter(confirmed_at__isnull=True, created_at__lt=limit)


class Follow(models.Model):
    """What a follower follows: the whole blog, an author, a tag, or the replies to her comment."""

    class Kind(models.TextChoices):
        BLOG = "blog", _("the whole blog")
        AUTHOR = "author", _("an author")
        TAG = "tag", _("a tag")
        REPLIES = "replies", _("replies to a comment")

    follower = models.ForeignKey(
        Follower, on_delete=models.CASCADE, related_name="follows", verbose_name=_("follower")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("author")
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("tag")
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("comment")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["follower", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["follower"], condition=Q(kind="blog"), name="follow_blog_once"
            ),
            models.UniqueConstraint(
                fields=["follower", "author"], condition=Q(kind="author"), name="follow_author_once"
            ),
            models.UniqueConstraint(
                fields=["follower", "tag"], condition=Q(kind="tag"), name="follow_tag_once"
            ),
            models.UniqueConstraint(
                fields=["follower", "comment"],
                condition=Q(kind="replies"),
                name="follow_replies_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="blog", author__isnull=True, tag__isnull=True, comment__isnull=True)
                    | Q(kind="author", author__isnull=False, tag__isnull=True, comment__isnull=True)
                    | Q(kind="tag", author__isnull=True, tag__isnull=False, comment__isnull=True)
                    | Q(
                        kind="replies", author__isnull=True, tag__isnull=True, comment__isnull=False
                    )
                ),
                name="follow_names_one_thing",
            ),
        ]

    def __str__(self):
        return f"{self.follower}: {self.subject()}"

    def subject(self):
        """What is followed, in the reader's language."""
        if self.kind == self.Kind.AUTHOR:
            return _("posts by %(name)s") % {"name": self.author.display_name}
        if self.kind == self.Kind.TAG:
            return _("posts tagged %(tag)s") % {"tag": self.tag.name}
        if self.kind == self.Kind.REPLIES:
            return _("replies to your comment on %(title)s") % {"title": self.comment.post.title}
        return _("every new post")


class Announcement(models.Model):
    """A post going out to its followers, once: made when it is published or scheduled."""

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting for its time")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, related_name="announcement", verbose_name=_("post")
    )
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Followers it went to, counted when it went: kept when a follower leaves later.
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-due_at"]

    def __str__(self):
        return str(self.post)


class Delivery(models.Model):
    """One mail to one follower: about a post, or about a reply to her comment."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("refused")

    follower = models.ForeignKey(
        Follower, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("follower")
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries",
        verbose_name=_("post"),
    )  # fmt: skip
    reply = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries",
        verbose_name=_("reply"),
    )  # fmt: skip
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # When a worker took it: one that died while sending leaves it to be taken again.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # Never two mails to one follower about one post, or about one reply.
            models.UniqueConstraint(
                fields=["follower", "post"],
                condition=Q(post__isnull=False),
                name="deliver_post_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "reply"],
                condition=Q(reply__isnull=False),
                name="deliver_reply_once",
            ),
        ]
        indexes = [models.Index(fields=["state", "claimed_at"], name="delivery_state")]

    def __str__(self):
        return f"{self.follower} · {self.post or self.reply}"
