"""The cache that every process of one machine shares when there is no Redis: files in a
folder (config.settings)."""

import os
import pickle
import random
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

# How many writes a process makes between two counts of the cache's files.
COUNT_EVERY_WRITES = 50
# What reading an entry that another process is writing over may raise: the read is torn
# (its first bytes new, the rest old), and it is a miss.
TORN = (
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
    pickle.UnpicklingError,
    zlib.error,
)


class FolderCache(FileBasedCache):
    """Django's cache in files, writing each entry over its file and counting its files
    less often.

    Django's writes an entry to a new temporary file and renames it over the old one:
    creating a file and letting go of the one it replaces took 0.2 ms each on this
    machine's disk, and a page drawn after a change writes two to six entries. This one
    writes the entry's bytes over the file that holds it (made once), and then cuts the
    file to their length. A read in between may see the new bytes followed by the old
    ones: the zlib stream that holds the value ends with its checksum and what follows it
    is ignored, so the read gives the new value, or, torn inside the stream, a miss.

    The value goes into zlib's format for its checksum, without compression (level 0):
    compressing a page at Django's level took longer than drawing it (1.8 ms of a feed's
    2.8 ms miss on this machine), and reading it back cost a page served from the cache up
    to a third of its time. Entries take four to five times the space on disk, within
    MAX_ENTRIES, as Redis keeps them uncompressed in memory.

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

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._createdir()  # Anyone may empty the folder, as Django's allows.
        name = self._key_to_file(key, version)
        self._cull()
        content = pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol)
        content += zlib.compress(pickle.dumps(value, self.pickle_protocol), level=0)
        file = os.open(name, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            written = 0
            while written < len(content):
                written += os.pwrite(file, content[written:], written)
            os.ftruncate(file, len(content))
        finally:
            os.close(file)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except TORN:
            return default

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except TORN:
            return False

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except TORN:
            return False

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
