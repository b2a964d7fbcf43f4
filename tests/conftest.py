import uuid
from pathlib import Path

import pytest
from django.db import DatabaseError

# The suites over served sites, marked by their folder: `make e2e`, `make test-machines`.
SERVED_SUITES = ("browser", "machines")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        folder = Path(item.fspath).relative_to(here).parts[0]
        if folder in SERVED_SUITES:
            item.add_marker(getattr(pytest.mark, folder))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads in tests go to a temporary folder, never the developer's media/; in a
    bucket (MEDIA_STORAGE_URL), under a prefix of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    default = settings.STORAGES["default"]
    if "OPTIONS" in default:
        options = {**default["OPTIONS"], "location": f"tests/{uuid.uuid4().hex}"}
        settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached pages must not leak between tests."""
    from django.core.cache import cache

    from core.caching import forget_read_versions

    cache.clear()
    forget_read_versions()
    yield
    cache.clear()
    forget_read_versions()


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Content type ids change when a transactional test flushes the database."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def quick_comments(settings):
    """Tests post comments at once and many times: no waiting and no rate limits."""
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = None
    settings.COMMENTS_SITE_RATE_LIMIT = None


@pytest.fixture
def refuse_after_a_batch(monkeypatch):
    """Call it, and the database refuses each import once its first batch is written."""

    from importing import loader  # models: only once Django is set up

    def arm():
        write_batch = loader.Importer._write_batch

        def then_fail(self, batch, path, rules):
            write_batch(self, batch, path, rules)
            raise DatabaseError("disk I/O error")

        monkeypatch.setattr(loader.Importer, "_write_batch", then_fail)

    return arm


@pytest.fixture(scope="session")
def browser():
    """Chromium, for the suites over a served site (tests/browser, tests/machines)."""
    from playwright.sync_api import sync_playwright

    from benchmarks.server import CHROMIUM

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
