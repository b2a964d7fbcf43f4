"""Settings for the test suite: the real settings, a test-only secret key and fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "k" * 50)
# The test client speaks plain HTTP; tests/test_production.py checks the HTTPS settings.
os.environ.setdefault("DJANGO_HTTPS", "0")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests render templates without running collectstatic first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test starts from an empty cache (tests/conftest.py): process memory, or the real
# Redis when REDIS_URL is set (the PostgreSQL run of .ci/run).
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
