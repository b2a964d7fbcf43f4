"""Filters and tags for any template: dates for machines, durations for people, pictures."""

import math

from django import template
from django.utils import timezone

from core import cards, images

register = template.Library()


@register.filter
def whole_minutes(duration):
    """A timedelta as whole minutes, rounded up: "try again in 15 minutes"."""
    return math.ceil(duration.total_seconds() / 60)


@register.filter
def machine_datetime(value):
    """A datetime for a ``datetime`` attribute or a meta tag: ISO 8601 in the site's time
    zone, in whole seconds (HTML allows at most three digits of a fraction; "c" gives six)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag(takes_context=True)
def absolute(context, url):
    """``url`` with this site's scheme and host, unless it has its own (a bucket's, a CDN's)."""
    return context["request"].build_absolute_uri(url)


# An author without a photo still has a face in lists.
register.filter("initials", cards.initials)


@register.inclusion_tag("core/_picture.html")
def picture(file, info, alt="", sizes="100vw", css_class="", lazy=True, width=None, height=None):
    """A stored image with its narrower copies, and their WebP twins first for browsers
    that read WebP. Width and height are always given, so nothing moves as it loads;
    ``lazy`` pictures (below the fold) load only as the reader nears them."""
    storage = file.storage
    return {
        "src": file.url,
        "srcset": images.srcset(info, storage),
        "webp": images.webp_srcset(info, storage),
        "sizes": sizes,
        "alt": alt,
        "css_class": css_class,
        "lazy": lazy,
        "width": width or info.get("width"),
        "height": height or info.get("height"),
    }
