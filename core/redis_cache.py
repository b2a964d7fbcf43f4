"""The shared cache when there is Redis (config.settings: REDIS_URL)."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class OneClientPerPool(RedisCacheClient):
    """Django's Redis client, making one redis-py client per connection pool rather than
    one for every call: making one copies redis-py's table of reply handlers, 50 µs each
    time, five times or more on a page drawn after a change. redis-py's clients are safe
    to share between threads; the connections stay in the pool as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def set_many(self, data, timeout):
        """One entry in one command, SET with its timeout: Django's MSET, then EXPIRE,
        inside MULTI and EXEC, took 20 µs more here, on most pages drawn after a change."""
        if len(data) == 1:
            [(key, value)] = data.items()
            return self.set(key, value, timeout)
        return super().set_many(data, timeout)


class SharedRedisCache(RedisCache):
    """Django's Redis cache with ``OneClientPerPool``."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool
