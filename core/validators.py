from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Links that people type (author websites, commenters' sites) may only be web addresses.
web_url_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with http:// or https://."),
)
