from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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
