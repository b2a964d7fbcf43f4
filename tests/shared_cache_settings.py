"""The test settings with the cache production uses without Redis: files that every process
shares. For tests that run manage.py in processes of its own, as an operator does."""

import os

from config.test_settings import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "core.file_cache.FolderCache",
        "LOCATION": os.environ["DJANGO_CACHE_DIR"],
    }
}
