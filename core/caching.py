"""Caching of public pages: what each page shows, conditional GETs, whole-page cache.

While a page renders it records what it shows, as topics: ``post:12`` (a post's own
content), ``comments:12`` (its discussion, and the count lists show), ``tag:3`` and
``author:5`` (a tag or an author, and which posts they list), ``posts`` (which posts
readers see and in what order: the front page, the archives, the feeds), ``site`` (what
every page shows), and whatever else the apps name. Each topic has a version in the
shared cache, taken from one counter there. A stored page keeps the versions of its
topics as they were when it was rendered and is served while they still are. A change
moves on only the topics it touches (``retire``), so only the pages showing them render
again: a comment approved on one post retires the pages that show its discussion or its
comment count, and no other.

A scheduled post changes what readers see without any save: the apps tell this module
when that happens next and which topics it touches (``changes_by_itself``).

Each process keeps the versions it read for up to a second, so that a cached page costs
one cache read: a change made through one process reaches readers served by another
within that second (at once in development, where nobody counts reads). It keeps the
fragments it used lately too, and serves them again while their versions hold, with no
trip to the shared cache.
"""

import functools
import hashlib
import json
import sys
import threading
import time
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from functools import wraps
from importlib.metadata import distributions
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

from core import compiled

# What every page shows: the site's name, colours and menus. A restore retires it.
SITE = "site"
CLOCK_KEY = "topic-clock"
# Until when the changes that come by themselves (scheduled posts) have been made.
TIMED_KEY = "timed-changes-until"
# A write touching more topics than this retires every page instead.
MANY_TOPICS = 200
# Entries that no page asks for again take space this long.
FRAGMENT_TIMEOUT = 60 * 60 * 24
# A page is rendered by one process at a time: the others wait for its copy, at most
# settings.PAGE_RENDER_WAIT_SECONDS (a renderer that died holds the lock no longer than
# RENDER_LOCK_SECONDS).
RENDER_LOCK_SECONDS = 10
RENDER_POLL_SECONDS = 0.02
# "hit" or "miss" on every page served to anonymous readers, as caching proxies say it:
# how operators and the benchmark count renders. The stored copy does not carry it.
CACHE_STATUS_HEADER = "X-Cache"
# In development every request reads them: a change from another terminal shows at once.
VERSION_RECHECK_SECONDS = 0.0 if settings.DEBUG else 1.0

# How many fragments a process keeps for itself (cards, entries, posts: a few kilobytes
# each), the oldest let go first.
LOCAL_FRAGMENTS = 1000

# topic: (version, when this process read it)
_read = {}
# fragment key: its entry, as in the shared cache
_local = {}
_local_lock = threading.Lock()
_recording = ContextVar("topics_shown", default=None)
_began = ContextVar("render_began", default=None)
_topics_of = {}
_timed_changes = []
_schedule = {"next": None, "checked": float("-inf")}


@functools.cache
def code_fingerprint():
    """What draws the pages, as this process found it when it started: our apps' Python,
    the templates, the translations, the static files' manifest and the versions of the
    packages installed. Stored pages and fragments are kept under it: after a deploy that
    changes any of them, nothing drawn by the old code is served, and machines in a
    rolling deploy each read their own."""
    base, installed = Path(settings.BASE_DIR), Path(sys.prefix)
    ours = [Path(config.path) for config in apps.get_app_configs()]
    ours = [
        root for root in ours if root.is_relative_to(base) and not root.is_relative_to(installed)
    ]
    # (folder, file): a file is named within its folder, the same on every machine.
    files = [(root, path) for root in ours for path in root.rglob("*.py")]
    for folder in map(Path, [*settings.TEMPLATES[0]["DIRS"], *settings.LOCALE_PATHS]):
        files += [(folder, path) for path in folder.rglob("*") if path.suffix in (".html", ".po")]
    digest = hashlib.sha256()
    for folder, path in sorted(set(files)):
        name = f"{folder.name}/{path.relative_to(folder)}"
        digest.update(name.encode() + b"\0" + path.read_bytes())
    # The static files' hashed names: each machine writes its own manifest, in the order
    # its disk lists the files.
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        names = json.loads(manifest.read_text()).get("paths", {})
        digest.update(json.dumps(names, sort_keys=True).encode())
    packages = sorted(f"{package.name}=={package.version}" for package in distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:12]


def shows(*topics):
    """Record that the page (or fragment) being rendered shows ``topics``."""
    recorded = _recording.get()
    if recorded is not None:
        recorded.update(topics)


@contextmanager
def _recording_topics():
    """The topics shown inside the block; the page around it shows them too."""
    outer = _recording.get()
    shown = {SITE}
    token = _recording.set(shown)
    try:
        yield shown
    finally:
        _recording.reset(token)
        if outer is not None:
            outer.update(shown)


@contextmanager
def _render_began():
    """The clock's reading when the render under way began, read before it reads anything:
    what it computes, the fragments inside it too, is kept under versions no later than
    that. A change landing in between (made after a fragment read its rows, before it
    was kept) leaves nothing stale behind."""
    outer = _began.get()
    if outer is not None:
        yield outer
        return
    began = _clock_for_render()
    token = _began.set(began)
    try:
        yield began
    finally:
        _began.reset(token)


def retire(*topics):
    """Move ``topics`` on when the transaction commits: every page showing them renders
    again. Moved on earlier, a request in between could keep the old content under the
    new version."""
    if topics:
        chosen = set(topics)
        if len(chosen) > MANY_TOPICS:
            # An import touches a great part of the site: retiring all of it costs one
            # write, where naming each post would cost thousands.
            chosen = {SITE}
        transaction.on_commit(lambda: _move_on(chosen))
        # The write may have scheduled a post: this process looks for the next one at its
        # next read, inside this transaction too, where it sees the write. What it found
        # before the write (a post's card is drawn before the post is saved) no longer holds.
        _schedule.update(checked=float("-inf"))


def retire_everything():
    """Every page and fragment shows the site: for a restore, which may change anything."""
    retire(SITE)


def _clock(stored=None):
    """The counter every version is taken from; it starts from the time, so that a
    counter the cache lost never gives a version already used. ``stored``: its value,
    when already read."""
    now = cache.get(CLOCK_KEY) if stored is None else stored
    if now is None:
        cache.add(CLOCK_KEY, time.time_ns(), None)
        now = cache.get(CLOCK_KEY)
    return now


def _clock_for_render():
    """The clock's reading for a render to begin at. The look for scheduled posts, when
    one is due, reads its mark with it: one trip to the cache for both, where a page
    drawn after a change made two (0.1 ms each to Redis)."""
    if not _timed_changes_due():
        return _clock()
    stored = cache.get_many([CLOCK_KEY, TIMED_KEY])
    if _catch_up_with_timed_changes(stored.get(TIMED_KEY)):
        # What went out moved the clock on.
        return _clock()
    return _clock(stored.get(CLOCK_KEY))


def _move_on(topics):
    try:
        version = cache.incr(CLOCK_KEY)
    except ValueError:
        version = _clock() + 1
        cache.set(CLOCK_KEY, version, None)
    cache.set_many({f"topic:{topic}": version for topic in topics}, None)
    read_at = time.monotonic()
    _read.update((topic, (version, read_at)) for topic in topics)
    # The change may have scheduled a post. The process that wrote it looked again inside
    # its transaction (retire); its other threads, which could not see the write then, look
    # at their next read.
    _schedule.update(checked=float("-inf"))


def versions(topics):
    """{topic: its current version}; 0 for a topic that never changed."""
    if _timed_changes_due():
        _catch_up_with_timed_changes(cache.get(TIMED_KEY))
    now = time.monotonic()
    found, unknown = {}, []
    for topic in topics:
        read = _read.get(topic)
        if read is not None and now - read[1] < VERSION_RECHECK_SECONDS:
            found[topic] = read[0]
        else:
            unknown.append(topic)
    if unknown:
        stored = cache.get_many([f"topic:{topic}" for topic in unknown])
        for topic in unknown:
            found[topic] = stored.get(f"topic:{topic}", 0)
            if found[topic] < _read.get(topic, (0,))[0]:
                # A version went back: the shared cache was emptied, or lost the topic.
                # What this process kept may be older than the versions now say.
                _forget_local()
            _read[topic] = (found[topic], now)
    return found


def forget_read_versions():
    """Make this process read the versions and fragments from the cache again, as after
    emptying it."""
    _read.clear()
    _forget_local()
    _schedule.update(next=None, checked=float("-inf"))


def _keep_locally(entries):
    with _local_lock:
        _local.update(entries)
        while len(_local) > LOCAL_FRAGMENTS:
            del _local[next(iter(_local))]


def _forget_local():
    with _local_lock:
        _local.clear()


def changes_by_itself(timed):
    """Retire what readers begin to see with no save: ``timed(since, until)`` gives the
    topics of what went out between the two times (scheduled posts; ``since`` is None at
    the first look) and when the next change comes, or None. Apps register it when they
    start. Each process looks at most once a second, and on the read after its own write:
    in one query, since that read may be a page's."""
    if timed not in _timed_changes:
        _timed_changes.append(timed)


def _timed_changes_due():
    upcoming = _schedule["next"]
    recent = time.monotonic() - _schedule["checked"] < VERSION_RECHECK_SECONDS
    return not recent or (upcoming is not None and time.time() >= upcoming)


def _catch_up_with_timed_changes(since):
    """Retire what went out since the mark ``since`` (the cache's TIMED_KEY); whether
    anything did."""
    until = timezone.now()
    if since is not None and since >= until:
        since = None
    went, times = set(), []
    for timed in _timed_changes:
        topics, at = timed(since, until)
        went.update(topics)
        if at is not None:
            times.append(at)
    if went:
        _move_on(went)
    # The mark moves past what went out, and only then: a look that finds nothing leaves
    # the next look the same start, which finds what this one would have (one write to
    # the cache fewer, on a page drawn after a change; a file's write costs 0.4 ms here).
    if went or since is None:
        cache.set(TIMED_KEY, until, None)
    _schedule.update(next=min(times).timestamp() if times else None, checked=time.monotonic())
    return bool(went)


def _is_current(entry):
    return entry is not None and versions(entry["versions"]) == entry["versions"]


def _keepable(shown, since):
    """The versions to keep a render under, or None when a topic it shows moved on after
    it began (it may have read the content before the change)."""
    found = versions(shown)
    return found if max(found.values()) <= since else None


def fragments(parts, prepare=None):
    """For [(name, compute)]: each ``compute()``'s value, kept in the shared cache until a
    topic it showed (``shows``) moves on, and shared by every page showing it. Before
    computing any, ``prepare(indexes)`` learns which parts must be (to fetch what they
    need at once). A ``compute()`` that gives None (nothing to show) is not kept.

    For what many pages show and only a change can change: a post's card in every list,
    the archive's months. The page showing them shows their topics too.
    """
    code, language = code_fingerprint(), get_language()
    keys = [f"fragment:{code}:{name}:{language}" for name, _compute in parts]
    current = {key: entry for key in keys if _is_current(entry := _local.get(key))}
    if len(current) < len(keys):
        stored = cache.get_many([key for key in keys if key not in current])
        fetched = {key: entry for key, entry in stored.items() if _is_current(entry)}
        current.update(fetched)
        _keep_locally(fetched)
    missing = [index for index, key in enumerate(keys) if key not in current]
    values, made = [], {}
    # The clock is read only when something is to be computed.
    with _render_began() if missing else nullcontext() as since:
        if missing and prepare is not None:
            prepare(missing)
        for key, (_name, compute) in zip(keys, parts, strict=True):
            if key in current:
                shows(*current[key]["versions"])
                values.append(current[key]["value"])
                continue
            with _recording_topics() as shown:
                values.append(compute())
            kept = None if values[-1] is None else _keepable(shown, since)
            if kept is not None:
                made[key] = {"value": values[-1], "versions": kept}
    if made:
        cache.set_many(made, FRAGMENT_TIMEOUT)
        _keep_locally(made)
    return values


def fragment(name, compute):
    """``fragments`` for one."""
    return fragments([(name, compute)])[0]


def kept_per_topic(name, topic_of, compute):
    """{key: value} for each key of ``topic_of`` ({key: the topic its value shows}), kept
    in one entry of the shared cache, each value under its own topic's version: only the
    values whose topics moved on are computed again, all at once (``compute(keys)`` gives
    {key: value}).

    For many small values that a page shows together and a change touches a few of: a
    count per tag, where a new post changes its own tags' counts. As fragments, one per
    value would take a key each in the cache and in each process's memory."""
    key = f"kept:{code_fingerprint()}:{name}"
    with _render_began() as since:
        now = versions(set(topic_of.values()))
        shows(*now)
        kept = cache.get(key) or {}
        values, stale = {}, []
        for each, topic in topic_of.items():
            version, value = kept.get(each, (None, None))
            if version == now[topic]:
                values[each] = value
            else:
                stale.append(each)
        if stale:
            values.update(compute(stale))
            # A value read after a change that came after the clock's reading is not kept
            # under the change's version (fragments).
            kept = {each: kept[each] for each in kept if each in topic_of}
            kept.update(
                (each, (now[topic_of[each]], values[each]))
                for each in stale
                if now[topic_of[each]] <= since
            )
            cache.set(key, kept, FRAGMENT_TIMEOUT)
    return values


def _the_site(rows, changed=None):
    return [SITE]


def readers_see(model, topics=_the_site, gone=None):
    """Retire what rows of ``model`` show whenever they are saved or deleted:
    ``topics(rows, changed)`` names it (``changed``: the fields written, or None for whole
    rows saved), ``gone(rows)`` when they are deleted (by default ``topics``). Apps name
    their own models when they start; for their bulk writes, which send no signal, the
    models' query sets are a ``PublicContentQuerySet``, which asks once for all the rows."""
    _topics_of[model] = topics
    name = model._meta.label

    def saved(sender, instance, raw=False, update_fields=None, **kwargs):
        if not raw:
            retire(*topics([instance], set(update_fields) if update_fields else None))

    def deleted(sender, instance, **kwargs):
        retire(*(gone([instance]) if gone else topics([instance], None)))

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"pages-{name}-save")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"pages-{name}-del")


def _retire_rows(model, rows, changed=None):
    if rows:
        retire(*_topics_of.get(model, _the_site)(rows, changed))


class PublicContentQuerySet(models.QuerySet):
    """For a model readers see: writes that skip the signals retire what they show too.

    Publishing, unpublishing and moderating are ``update()`` calls on these query sets, and
    imports are ``bulk_create()`` calls: none of them can leave a stale page behind.
    The moment a query set of what readers see shows goes on to its copies
    (core.compiled.as_of).
    """

    def _clone(self):
        clone = super()._clone()
        return compiled.as_of(clone, compiled.moment_of(self))

    def update(self, **kwargs):
        rows = list(self)
        count = super().update(**kwargs)
        _retire_rows(self.model, rows, set(kwargs))
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        _retire_rows(self.model, created)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        _retire_rows(self.model, objs, set(fields))
        return count


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


def origin(request):
    """The scheme and host ``request`` came to. Pages, the post's head and feed entries carry
    absolute URLs made from them (canonical, og:url, JSON-LD, feeds, sitemap), so each copy
    is kept apart per origin and only ever served to requests like it."""
    return f"{request.scheme}://{request.get_host()}"


def _fingerprint(request):
    shown = f"{code_fingerprint()}|{get_language()}|{origin(request)}|{request.get_full_path()}"
    return hashlib.sha256(shown.encode()).hexdigest()[:32]


def page_key(request):
    """Where the cache keeps the page ``request`` asks for."""
    return f"page:{_fingerprint(request)}"


def _rendered_once(key, render):
    """The page at ``key``: ``render()`` here when no other process is rendering it, else
    the copy that process stores, waited for. After a change retires a page, a burst of
    its readers then costs one render, not one each. When the other process stores
    nothing (a 404, a private page) or takes too long, the reader renders her own."""
    lock = f"{key}:rendering"
    if cache.add(lock, True, RENDER_LOCK_SECONDS):
        try:
            return render()
        finally:
            cache.delete(lock)
    deadline = time.monotonic() + settings.PAGE_RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(RENDER_POLL_SECONDS)
        # The lock first: the renderer stores its copy before it lets go, so a lock seen
        # gone means the copy is there to read. Read the other way round, a copy stored
        # between the two reads was missed, and the reader rendered a page of her own.
        rendering = cache.get(lock)
        entry = cache.get(key)
        if _is_current(entry):
            return entry["response"]
        if not rendering:
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
        def drawn():
            """The view's page, drawn inside: called inside ``_render_began``, whose clock
            reading comes before the view reads anything, so that what its fragments
            compute is kept under versions no later than that (read at each fragment, a
            change landing after the view's own reads would leave a stale copy)."""
            response = _uncached_if_private(request, view(request, *args, **kwargs))
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            return response

        if (
            request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or not settings.PAGE_CACHE_SECONDS
        ):
            with _render_began():
                return drawn()
        fingerprint = _fingerprint(request)
        key = f"page:{fingerprint}"

        def render():
            with _render_began() as since, _recording_topics() as shown:
                response = drawn()
            kept = _keepable(shown, since)
            if (
                kept is not None
                and response.status_code == 200
                and not response.cookies
                and not response.has_header("Cache-Control")
            ):
                # Feeds are written in hundreds of small pieces, and the server would send
                # each one in its own write: stored as one piece, they go out at once.
                response.content = response.content
                version = hashlib.sha256(repr(sorted(kept.items())).encode()).hexdigest()
                response["ETag"] = f'"{fingerprint}{version[:16]}"'
                response["Last-Modified"] = http_date(time.time())
                patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
                cache.set(
                    key, {"response": response, "versions": kept}, settings.PAGE_CACHE_SECONDS
                )
            response[CACHE_STATUS_HEADER] = "miss"
            return response

        entry = cache.get(key)
        if _is_current(entry):
            response = entry["response"]
            response[CACHE_STATUS_HEADER] = "hit"
        else:
            response = _rendered_once(key, render)
            if not response.has_header(CACHE_STATUS_HEADER):
                response[CACHE_STATUS_HEADER] = "hit"
        if response.status_code == 200 and response.has_header("ETag"):
            not_modified = get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=parse_http_date_safe(response["Last-Modified"]),
                response=response,
            )
            if not_modified is not None:
                return not_modified
        return response

    return wrapper
