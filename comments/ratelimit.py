"""Fixed-window rate limits kept in the configured cache.

With Redis (``REDIS_URL``) every app process counts in the same place; ``incr`` is atomic
there and in the local-memory cache.
"""

import time

from django.core.cache import cache


def allow(key, rate):
    """Count one event for ``key``; False once ``rate`` (count, seconds) is used up."""
    if rate is None:
        return True
    limit, period = rate
    window = int(time.time() // period)
    cache_key = f"rate:{key}:{period}:{window}"
    # add() is a no-op when the key exists, so concurrent first hits do not reset the count.
    cache.add(cache_key, 0, period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window expired between add() and incr(): this is the first event of a new one.
        cache.add(cache_key, 1, period + 1)
        count = 1
    return count <= limit
