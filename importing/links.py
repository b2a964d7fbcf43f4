"""Links between an old blog's posts, pointed at their new addresses after an import.

A post links to another of the same blog by its old address (its permalink, ``?p=42``, a
Blogger ``.html`` page, a category page). Once every file of a run is written, the old
addresses are in the redirect table, so each link to the old blog's host is looked up
there and replaced by the address it now answers at: readers never take a detour
through a 301, and the links survive the old blog being switched off. A link to what
was not imported (a draft, a page) is left as it was.
"""

import re
from urllib.parse import urlsplit

from django.db.models import Q

from blog.models import Post
from core import redirects

# A Markdown link's or picture's address, and what follows it.
MARKDOWN_ADDRESS = re.compile(r"\]\((?P<href><[^>]*>|[^)\s]+)(?P<rest>(?:\s+\"[^\"]*\")?\))")
CHUNK = 200


def old_hosts(addresses):
    """The hosts of the old blog (with and without ``www.``), from its posts' addresses."""
    hosts = {urlsplit(address).netloc.lower() for address in addresses} - {""}
    return hosts | {f"www.{host}" for host in hosts} | {h.removeprefix("www.") for h in hosts}


def _old_path(href, hosts):
    """(path with query, fragment) of a link to one of ``hosts``; None for other links."""
    parts = urlsplit(href.strip("<>"))
    if parts.netloc.lower() not in hosts or parts.scheme not in ("http", "https"):
        return None
    path = parts.path or "/"
    return (f"{path}?{parts.query}" if parts.query else path), parts.path or "/", parts.fragment


def rewrite_links(body, hosts):
    """``body`` with its links to the old blog's moved pages pointed at the new addresses."""
    found = {}
    for match in MARKDOWN_ADDRESS.finditer(body):
        if old := _old_path(match.group("href"), hosts):
            found[match.group("href")] = old
    if not found:
        return body
    paths = {full for full, _path, _fragment in found.values()}
    paths |= {path for _full, path, _fragment in found.values()}
    now = redirects.where_now(paths)

    def replace(match):
        old = found.get(match.group("href"))
        new = old and (now.get(old[0]) or now.get(old[1]))
        if not new:
            return match.group(0)
        return f"]({new}{'#' + old[2] if old[2] else ''}{match.group('rest')}"

    return MARKDOWN_ADDRESS.sub(replace, body)


def point_links_home(import_keys, hosts, remember):
    """Rewrite the links of the posts with ``import_keys``; ``remember(post)`` hears of each
    post before it changes (to undo). Return how many posts changed."""
    if not hosts:
        return 0
    linking = Q()
    for host in hosts:
        linking |= Q(body__contains=f"//{host}")
    changed = 0
    keys = sorted(import_keys)
    for start in range(0, len(keys), CHUNK):
        for post in Post.objects.filter(linking, import_key__in=keys[start : start + CHUNK]):
            body = rewrite_links(post.body, hosts)
            # A post edited here since its import is the editors' own: left as it is.
            if body == post.body or post.content_hash() != post.import_content_hash:
                continue
            remember(post)
            post.body = body
            post.import_content_hash = post.content_hash()
            post.save()
            changed += 1
    return changed
