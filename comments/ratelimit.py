"""Fixed-window rate limits kept in the configured cache, counted exactly.

With Redis (``REDIS_URL``) every app process counts in the same place, and ``incr`` is
atomic there and in the local-memory cache. The cache folder that app processes share on
one machine (FileBasedCache) reads and then writes: there a lock file makes the count one
process at a time (15 comments sent at once got 7 through a limit of 5).
"""

import fcntl
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache


def allow(key, rate):
    """Count one event for ``key``; False once ``rate`` (count, seconds) is used up."""
    if rate is None:
        return True
    limit, period = rate
    window = int(time.time() // period)
    cache_key = f"rate:{key}:{period}:{window}"
    cache = caches["default"]
    with _one_at_a_time(cache):
        # add() is a no-op when the key exists, so concurrent first hits do not reset it.
        cache.add(cache_key, 0, period + 1)
        try:
            count = cache.incr(cache_key)
        except ValueError:
            # The window expired between add() and incr(): the first event of a new one.
            cache.add(cache_key, 1, period + 1)
            count = 1
    return count <= limit


def _one_at_a_time(cache):
    if isinstance(cache, FileBasedCache):
        return _locked(Path(cache._dir) / "rate-limits.lock")
    return nullcontext()


@contextmanager
def _locked(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
