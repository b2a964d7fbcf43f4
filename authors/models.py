from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import compiled, images
from core.caching import PublicContentQuerySet
from core.rendering import BIO, render_markdown, summarize
from core.slugs import unique_slug
from core.validators import web_url_validator


class AuthorQuerySet(PublicContentQuerySet):
    def public(self):
        """Authors with a page of their own: a post readers may see, or made public.

        Before that a profile is a staff account's, with nothing to show readers (and
        its address would tell the world a sign-in name).
        """
        # Posts name their authors, not the other way round: the rule for what readers see
        # is reached through that relation, so that this app never imports the blog.
        posts = self.model._meta.get_field("posts").related_model
        # Whether one published post names her, not the list of everyone any post names.
        published = posts.objects.published().filter(authors=OuterRef("pk"))
        public = self.filter(Q(Exists(published)) | Q(public_profile=True))
        return compiled.as_of(public, compiled.moment_of(published))

    def unreachable(self):
        """Authors whose account has no email address: no comment notice reaches them."""
        return self.filter(user__email="")


class Author(models.Model):
    """The public profile of a writer: Ghost's author object, one per user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="author_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The address of the author page. Filled from the name when left empty."),
    )
    bio = models.TextField(
        _("bio"), blank=True, max_length=BIO.max_length, help_text=_("Markdown.")
    )
    bio_html = models.TextField(editable=False, blank=True)
    # The bio's start as plain text: the author list and search engines show it.
    bio_summary = models.CharField(max_length=160, editable=False, blank=True)
    # The bio as an import last wrote it: a later import updates only a bio nobody edited.
    imported_bio = models.TextField(editable=False, blank=True)
    avatar = images.CleanImageField(
        _("avatar"),
        upload_to="avatars/%Y/",
        blank=True,
        help_text=_("A photo of you; it is cropped to a square around its centre."),
    )
    avatar_info = models.JSONField(default=dict, blank=True, editable=False)
    cover_image = images.CleanImageField(
        _("cover image"),
        upload_to="covers/%Y/",
        blank=True,
        help_text=_("A wide picture across the top of the author page."),
    )
    cover_image_info = models.JSONField(default=dict, blank=True, editable=False)
    location = models.CharField(_("location"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True, validators=[web_url_validator])
    linkedin = models.URLField(_("LinkedIn"), blank=True, validators=[web_url_validator])
    mastodon = models.URLField(_("Mastodon"), blank=True, validators=[web_url_validator])
    meta_description = models.CharField(
        _("meta description"),
        max_length=300,
        blank=True,
        help_text=_("For search engines. The start of the bio is used when left empty."),
    )
    public_profile = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Show the author page before she has a published post."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        permissions = [("edit_all_authors", _("Can edit every author profile"))]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.display_name, fallback="author")
        self.bio_html = render_markdown(self.bio, BIO)
        self.bio_summary = summarize(self.bio_html, 160)
        self.avatar_info = images.refresh(
            self.avatar, self.avatar_info, square=True, widths=images.AVATAR_WIDTHS
        )
        self.cover_image_info = images.refresh(
            self.cover_image, self.cover_image_info, widths=images.COVER_WIDTHS
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                *("slug", "bio_html", "bio_summary", "avatar_info", "cover_image_info"),
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})

    def has_public_page(self, post_count):
        """Whether readers have a page of hers, given how many of her posts they see: the
        rule of ``AuthorQuerySet.public``, for an author already read."""
        return bool(post_count) or self.public_profile
