"""Filters for any template: dates for machines, durations for people."""

import math

from django import template
from django.utils import timezone

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
