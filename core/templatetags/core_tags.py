"""Filters and tags for any template: dates for machines, durations for people, pictures."""

import math

from django import template
from django.utils import timezone

from core import caching, cards, images

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        name = self.name.resolve(context)
        return caching.fragment(name, lambda: self.nodelist.render(context))


@register.tag
def fragment(parser, token):
    """``{% fragment "name" %}...{% endfragment %}``: what is inside, rendered once per
    version of what it shows (core.caching.fragments) and shared by every page, in each
    language. Only for what is the same on every page that shows it: the site's header,
    its footer."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the fragment's name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), nodelist)


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
