from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import colours, images
from core.caching import fragment
from core.rendering import BIO, render_markdown

# How high the header shows the logo, in CSS pixels (static/css/site.css).
LOGO_HEIGHT = 40


class Redirect(models.Model):
    """An old address of the site and where it went: 301 there, or 410 when it is gone.

    Made by themselves when a published post, a tag or an author changes its address or
    a published post is deleted (core.redirects); editors add their own in the admin,
    and an import adds the old blog's addresses.
    """

    old_path = models.CharField(
        _("old address"),
        max_length=2000,
        unique=True,
        help_text=_("The path on this site, such as /2019/05/old-post.html."),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=2000,
        blank=True,
        help_text=_("Where it went: a path on this site or a full address. Empty: gone (410)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self):
        return f"{self.old_path} → {self.new_path or '410'}"

    def clean(self):
        if not self.old_path.startswith("/"):
            raise ValidationError(
                {"old_path": _("Start the old address with /, as in /2019/05/old-post.html.")}
            )
        if self.new_path and not (
            self.new_path.startswith("/") or urlsplit(self.new_path).scheme in ("http", "https")
        ):
            raise ValidationError(
                {
                    "new_path": _(
                        "Give a path on this site starting with /, or a full address starting "
                        "with https://. Leave it empty for an address that is gone."
                    )
                }
            )


class SiteIdentityManager(models.Manager):
    def current(self):
        """The site's identity: every page shows it. Kept as a fragment until a save
        retires the site (core.apps), so that a worker serves it from its own memory."""
        return fragment("site-identity", lambda: self.filter(pk=1).first() or self.default())

    def default(self):
        """Until an editor first saves it: the name from the settings, the default look."""
        identity = self.model(pk=1, name=settings.SITE_NAME)
        identity.accent_colour_dark = colours.readable_on_dark(identity.accent_colour)
        return identity


class SiteIdentity(models.Model):
    """What the blog is called and how it looks, as editors set it in the admin: one row."""

    name = models.CharField(_("site name"), max_length=100)
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("One sentence under the name, and for search engines. Empty: a default."),
    )
    logo = images.CleanImageField(
        _("logo"),
        upload_to="site/",
        blank=True,
        help_text=_("Shown beside the name in the header, 40 pixels high."),
    )
    logo_info = models.JSONField(default=dict, blank=True, editable=False)
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#0b5cad",
        validators=[
            RegexValidator(
                colours.HEX_COLOUR,
                _("Give the colour as # and six hexadecimal digits, such as #0b5cad."),
            )
        ],
        help_text=_(
            "Links, buttons and focus rings. It must read as text on the white page; the dark "
            "page gets a lighter shade of it by itself."
        ),
    )
    # The accent as the dark page shows it (core.colours), worked out on save.
    accent_colour_dark = models.CharField(max_length=7, editable=False, default="#8cc4ff")
    social_image = images.CleanImageField(
        _("social image"),
        upload_to="site/",
        blank=True,
        help_text=_(
            "The picture a link to the front page shows in social media: 1200 × 630 pixels is best."
        ),
    )
    social_image_info = models.JSONField(default=dict, blank=True, editable=False)
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        max_length=1000,
        help_text=_("Markdown, shown at the foot of every page: a licence or a contact."),
    )
    footer_html = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SiteIdentityManager()

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identity")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        self.accent_colour = self.accent_colour.lower()
        self.accent_colour_dark = colours.readable_on_dark(self.accent_colour)
        self.footer_html = render_markdown(self.footer_text, BIO)
        self.logo_info = images.refresh(self.logo, self.logo_info, widths=images.LOGO_WIDTHS)
        self.social_image_info = images.refresh(
            self.social_image, self.social_image_info, widths=()
        )
        super().save(*args, **kwargs)

    def clean(self):
        colour = self.accent_colour
        if colours.HEX_COLOUR.match(colour) and (
            colours.contrast(colour, colours.LIGHT_PAGE) < colours.TEXT_CONTRAST
        ):
            raise ValidationError(
                {
                    "accent_colour": _(
                        "%(colour)s is too light to read as text on the white page: its "
                        "contrast is %(ratio).1f:1 and text needs 4.5:1. The nearest darker "
                        "shade that reads is %(suggestion)s."
                    )
                    % {
                        "colour": colour,
                        "ratio": colours.contrast(colour, colours.LIGHT_PAGE),
                        "suggestion": colours.readable_on_light(colour),
                    }
                }
            )

    @property
    def logo_width(self):
        """The logo's width when it is shown at the header's height."""
        info = self.logo_info
        return round(LOGO_HEIGHT * info["width"] / info["height"]) if info else 0
