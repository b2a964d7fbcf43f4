"""The cache that every process of one machine shares when there is no Redis: files in a
folder (config.settings)."""

import random

from django.core.cache.backends.filebased import FileBasedCache

# How many writes a process makes between two counts of the cache's files.
COUNT_EVERY_WRITES = 50


class FolderCache(FileBasedCache):
    """Django's cache in files, counting its files less often.

    Django's lists the whole folder before every write, to see whether it is full: 0.8 ms
    at 250 entries and 11 ms at 5,000, paid for every page, fragment, render lock and
    topic version stored, most of it on a cache miss. This one counts them on a process's
    first write and every COUNT_EVERY_WRITES writes after. When the folder is full it lets
    go of Django's share of the entries (a third), and at least enough to leave room for
    the writes until its next count: one process never takes the folder past MAX_ENTRIES,
    and each other process writing can add COUNT_EVERY_WRITES more at most.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % COUNT_EVERY_WRITES != 1:
            return
        files = self._list_cache_files()
        if len(files) < self._max_entries - COUNT_EVERY_WRITES:
            return
        if self._cull_frequency == 0:
            self.clear()
            return
        share = len(files) // self._cull_frequency
        room = len(files) - self._max_entries + COUNT_EVERY_WRITES
        for name in random.sample(files, min(len(files), max(share, room))):
            self._delete(name)
