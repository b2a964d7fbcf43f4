"""Caching of public pages: one content version, conditional GETs, whole-page cache.

Every change readers could see (a post saved, a comment approved, a profile edited)
moves the content version on. Page cache keys and ETags include it, so nothing needs
deleting: old entries simply stop being asked for. A scheduled post changes what readers
see without any save, so the version also records when the next scheduled post goes out
and moves on by itself once that time has passed.

Each process keeps the version it last read for up to a second, so that a cached page
costs one cache read, not two: a change made through one process reaches readers served
by another within that second (at once in development, where nobody counts reads).
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date
from django.utils.translation import get_language

VERSION_KEY = "public-content-version"
# Entries of past versions are never asked for again; this is how long they take space.
FRAGMENT_TIMEOUT = 60 * 60 * 24
# A page is rendered by one process at a time: the others wait for its copy, at most
# settings.PAGE_RENDER_WAIT_SECONDS (a renderer that died holds the lock no longer than
# RENDER_LOCK_SECONDS).
RENDER_LOCK_SECONDS = 10
RENDER_POLL_SECONDS = 0.02
# "hit" or "miss" on every page served to anonymous readers, as caching proxies say it:
# how operators and the benchmark count renders. The stored copy does not carry it.
CACHE_STATUS_HEADER = "X-Cache"
# In development every request reads it: a change from another terminal shows at once.
VERSION_RECHECK_SECONDS = 0.0 if settings.DEBUG else 1.0

_last_read = {"version": None, "at": float("-inf")}
_timed_changes = []


def changes_by_itself(next_change):
    """Have the version expire when ``next_change()`` says readers' view changes unsaved.

    ``next_change()`` returns the next such time (a scheduled post going out) or None.
    Apps register it when they start: this module knows none of them.
    """
    if next_change not in _timed_changes:
        _timed_changes.append(next_change)


def _new_version():
    times = [at for next_change in _timed_changes if (at := next_change()) is not None]
    return {"stamp": time.time_ns(), "expires": min(times).timestamp() if times else None}


def content_changed():
    """Move the version on; called only from here and by a restore (docs/architecture.md).

    Rows readers see change through the signals and query sets below. The version moves
    on when the transaction commits: moved earlier, a request in between could cache the
    old content under the new version.
    """
    transaction.on_commit(lambda: _store(_new_version()))


def _saved_or_deleted(sender, raw=False, **kwargs):
    if not raw:
        content_changed()


def readers_see(*model_classes):
    """Retire cached pages whenever a row of ``model_classes`` is saved or deleted.

    Apps name their own models when they start; for their bulk writes (which send no
    signal) the models' query sets are a ``PublicContentQuerySet``.
    """
    for model in model_classes:
        name = model._meta.label
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"pages-{name}-save")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"pages-{name}-del")


class PublicContentQuerySet(models.QuerySet):
    """For a model readers see: writes that skip the signals retire cached pages too.

    Publishing, unpublishing and moderating are ``update()`` calls on these query sets, and
    imports are ``bulk_create()`` calls: none of them can leave a stale page behind.
    """

    def update(self, **kwargs):
        count = super().update(**kwargs)
        content_changed()
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        content_changed()
        return created

    def bulk_update(self, objs, *args, **kwargs):
        count = super().bulk_update(objs, *args, **kwargs)
        content_changed()
        return count


def _store(version):
    cache.set(VERSION_KEY, version, None)
    _remember(version)


def _remember(version):
    _last_read.update(version=version, at=time.monotonic())


def _current(version):
    return version is not None and not (version["expires"] and version["expires"] <= time.time())


def forget_remembered_version():
    """Make this process read the version from the cache again, as after emptying it."""
    _last_read.update(version=None, at=float("-inf"))


def content_version():
    version = _last_read["version"]
    if _current(version) and time.monotonic() - _last_read["at"] < VERSION_RECHECK_SECONDS:
        return version
    version = cache.get(VERSION_KEY)
    if _current(version):
        _remember(version)
    else:
        version = _new_version()
        _store(version)
    return version


def for_content_version(name, compute):
    """``compute()``'s result, computed once per content version and shared by every page.

    For what every page shows but only a change of content can change (the archive's
    months): a page rendered after a change pays for it once, not once per page.
    """
    key = f"{name}:{content_version()['stamp']}:{get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_TIMEOUT)
    return value


def keep_private(request):
    """Mark the page being made as this reader's alone (a preview, her comment awaiting
    moderation): it goes out with no-cache headers and no cache keeps it.

    Any code that renders part of a page may call it, up to the end of rendering.
    """
    request.page_is_private = True


def _uncached_if_private(request, response):
    def check(rendered):
        if getattr(request, "page_is_private", False):
            add_never_cache_headers(rendered)

    if not getattr(response, "is_rendered", True):
        response.add_post_render_callback(check)
    else:
        check(response)
    return response


def _fingerprint(request, version):
    # Pages carry absolute URLs (canonical, og:url, JSON-LD, feeds, sitemap) made from the
    # request's scheme and host: a page is only ever served to requests like it.
    origin = f"{request.scheme}://{request.get_host()}"
    path = request.get_full_path()
    return hashlib.sha256(
        f"{version['stamp']}|{get_language()}|{origin}|{path}".encode()
    ).hexdigest()[:32]


def page_key(request):
    """Where the cache keeps the page ``request`` asks for, in this content version."""
    return f"page:{_fingerprint(request, content_version())}"


def _rendered_once(key, render):
    """The page at ``key``: ``render()`` here when no other process is rendering it, else
    the copy that process stores, waited for. After a change retires every page, a burst
    of readers of one page then costs one render, not one each. When the other process
    stores nothing (a 404, a private page) or takes too long, the reader renders her own."""
    lock = f"{key}:rendering"
    if cache.add(lock, True, RENDER_LOCK_SECONDS):
        try:
            return render()
        finally:
            cache.delete(lock)
    deadline = time.monotonic() + settings.PAGE_RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(RENDER_POLL_SECONDS)
        response = cache.get(key)
        if response is not None:
            return response
        if not cache.get(lock):
            break
    return render()


def cached_public_page(view):
    """Serve ``view`` to anonymous readers from the cache, with ETag and Last-Modified.

    Signed-in users (editors previewing drafts) always get a fresh, uncached response, and
    so does a response whose view set its own Cache-Control or that ``keep_private``
    marked (a reader's comment awaiting moderation).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or not settings.PAGE_CACHE_SECONDS
        ):
            return _uncached_if_private(request, view(request, *args, **kwargs))
        version = content_version()
        fingerprint = _fingerprint(request, version)
        etag = f'"{fingerprint}"'
        last_modified = version["stamp"] // 1_000_000_000
        # A reader's own ETag can only be one this page was served with: it may be answered
        # at once. "*" and a date say nothing of the page: they wait for the answer below,
        # so that a page that does not exist is never "not modified".
        if request.headers.get("If-None-Match", "*").strip() != "*":
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                return not_modified
        key = f"page:{fingerprint}"

        def render():
            response = _uncached_if_private(request, view(request, *args, **kwargs))
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if (
                response.status_code == 200
                and not response.cookies
                and not response.has_header("Cache-Control")
            ):
                # Feeds are written in hundreds of small pieces, and the server would send
                # each one in its own write: stored as one piece, they go out at once.
                response.content = response.content
                response["ETag"] = etag
                response["Last-Modified"] = http_date(last_modified)
                patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response[CACHE_STATUS_HEADER] = "miss"
            return response

        response = cache.get(key)
        if response is None:
            response = _rendered_once(key, render)
        if not response.has_header(CACHE_STATUS_HEADER):
            response[CACHE_STATUS_HEADER] = "hit"
        if response.status_code == 200 and response.get("ETag") == etag:
            not_modified = get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
            if not_modified is not None:
                return not_modified
        return response

    return wrapper
