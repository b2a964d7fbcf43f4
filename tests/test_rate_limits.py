"""Rate limits count exactly, however many requests arrive at once, on every cache the
site can run with: process memory (make run), a shared folder (one machine), Redis."""

import threading

import pytest
from django.core.cache import caches

from comments import ratelimit

LIMIT = 5
READERS = 15


def at_once(function, count):
    """``function()`` from ``count`` threads released together; their results."""
    start = threading.Barrier(count)
    results = []

    def run():
        start.wait()
        results.append(function())

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def folder_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.file_cache.FolderCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    yield
    caches["default"].clear()


@pytest.mark.usefixtures("folder_cache")
@pytest.mark.parametrize("attempt", range(5))
def test_simultaneous_comments_from_one_reader_get_exactly_the_limit_on_a_cache_folder(attempt):
    allowed = at_once(lambda: ratelimit.allow(f"reader-{attempt}", (LIMIT, 60)), READERS)
    assert allowed.count(True) == LIMIT


def test_simultaneous_comments_from_one_reader_get_exactly_the_limit_on_the_default_cache():
    allowed = at_once(lambda: ratelimit.allow("reader", (LIMIT, 60)), READERS)
    assert allowed.count(True) == LIMIT
