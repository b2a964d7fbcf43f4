"""Backups and restore, run as an operator runs them: manage.py in its own process.

The site gets a database of its own: a SQLite file, or a fresh PostgreSQL database on the
suite's server when the suite runs on PostgreSQL (``make test-postgres``), so the restore
is tested with pg_dump and pg_restore too.
"""

import io
import json
import os
import tarfile
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from benchmarks.server import ROOT, manage, postgres_database, run_in_site

SUITE_DATABASE = os.environ.get("DATABASE_URL", "")

COUNT_POSTS = "from blog.models import Post; print(Post.objects.published().count())"
POST_PAGE = """
from django.test import Client
response = Client().get("/posts/esimies-muiden-silmin/")
print(response.status_code, {text!r} in response.content.decode())
"""
RETITLE = """
from blog.models import Post
post = Post.objects.get(slug="esimies-muiden-silmin")
post.title = "Otsikko muutettu varmuuskopion jälkeen"
post.save()
"""


STORAGE = (
    "from django.core.files.base import ContentFile\n"
    "from django.core.files.storage import default_storage\n"
)
PICTURE = "posts/2026/kuva.jpg"
PICTURE_BYTES = b"\xff\xd8 not really a JPEG, but bytes to get back \xff\xd9"
READ_PICTURE = (
    f"{STORAGE}print(default_storage.open('{PICTURE}').read().hex() "
    f"if default_storage.exists('{PICTURE}') else 'gone')"
)


@pytest.fixture
def site(tmp_path):
    """Environment for manage.py on a database and media folder of this test's own."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.shared_cache_settings",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    if bucket := os.environ.get("MEDIA_STORAGE_URL"):
        # In the bucket, under a prefix of this test's own.
        parts = urlsplit(bucket)
        env["MEDIA_STORAGE_URL"] = urlunsplit(parts._replace(path=f"/tests/{uuid.uuid4().hex}"))
    if not SUITE_DATABASE.startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'site.sqlite3'}"
        yield env
        return
    with postgres_database(SUITE_DATABASE, f"backup_test_{uuid.uuid4().hex[:8]}") as url:
        env["DATABASE_URL"] = url
        yield env


@pytest.fixture
def demo_site(site):
    manage(["migrate", "--verbosity", "0"], site)
    manage(["loaddata", str(ROOT / "fixtures" / "demo.json"), "--verbosity", "0"], site)
    run_in_site(f"{STORAGE}default_storage.save('{PICTURE}', ContentFile({PICTURE_BYTES!r}))", site)
    return site


def test_restore_brings_back_the_database_and_media_after_they_are_lost(demo_site, tmp_path):
    posts = run_in_site(COUNT_POSTS, demo_site)
    original = run_in_site(READ_PICTURE, demo_site)
    assert original == PICTURE_BYTES.hex()

    made = manage(["backup", "--to", str(tmp_path / "backups")], demo_site)
    (folder,) = (tmp_path / "backups").iterdir()
    assert str(folder) in made.stdout
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["media_files"] == 1

    manage(["flush", "--noinput"], demo_site)
    run_in_site(f"{STORAGE}default_storage.delete('{PICTURE}')", demo_site)
    assert run_in_site(READ_PICTURE, demo_site) == "gone"
    assert run_in_site(COUNT_POSTS, demo_site) == "0"

    restored = manage(["restore", str(folder), "--noinput"], demo_site)
    assert "Restored the database and 1 media files" in restored.stdout
    assert run_in_site(COUNT_POSTS, demo_site) == posts != "0"
    assert run_in_site(POST_PAGE.format(text="Esimies muiden silmin"), demo_site) == "200 True"
    assert run_in_site(READ_PICTURE, demo_site) == original


def test_readers_see_the_restored_posts_not_pages_cached_before(demo_site, tmp_path):
    manage(["backup", "--to", str(tmp_path / "backups")], demo_site)
    (folder,) = (tmp_path / "backups").iterdir()
    run_in_site(RETITLE, demo_site)
    changed = POST_PAGE.format(text="Otsikko muutettu varmuuskopion jälkeen")
    assert run_in_site(changed, demo_site) == "200 True"

    manage(["restore", str(folder), "--noinput"], demo_site)
    assert run_in_site(changed, demo_site) == "200 False"
    assert run_in_site(POST_PAGE.format(text="Esimies muiden silmin"), demo_site) == "200 True"


def test_restore_refuses_a_folder_that_is_not_a_backup_and_changes_nothing(demo_site, tmp_path):
    posts = run_in_site(COUNT_POSTS, demo_site)
    not_a_backup = tmp_path / "not-a-backup"
    not_a_backup.mkdir()
    result = manage(["restore", str(not_a_backup), "--noinput"], demo_site, check=False)
    assert result.returncode != 0
    assert "is not a backup made by the backup command" in result.stderr
    assert "Traceback" not in result.stderr
    assert run_in_site(COUNT_POSTS, demo_site) == posts


def test_restore_refuses_an_incomplete_backup(demo_site, tmp_path):
    manage(["backup", "--to", str(tmp_path / "backups")], demo_site)
    (folder,) = (tmp_path / "backups").iterdir()
    (folder / "media.tar.gz").unlink()
    result = manage(["restore", str(folder), "--noinput"], demo_site, check=False)
    assert result.returncode != 0
    assert "The backup is incomplete" in result.stderr
    assert "media.tar.gz is missing" in result.stderr


def test_restore_without_noinput_asks_first_and_a_no_changes_nothing(demo_site, tmp_path):
    manage(["backup", "--to", str(tmp_path / "backups")], demo_site)
    (folder,) = (tmp_path / "backups").iterdir()
    manage(["flush", "--noinput"], demo_site)
    result = manage(["restore", str(folder)], demo_site, check=False, answer="no\n")
    assert result.returncode != 0
    assert "Restore cancelled; nothing was changed." in result.stderr
    assert run_in_site(COUNT_POSTS, demo_site) == "0"


def test_restore_refuses_media_that_would_land_outside_and_changes_nothing(demo_site, tmp_path):
    manage(["backup", "--to", str(tmp_path / "backups")], demo_site)
    (folder,) = (tmp_path / "backups").iterdir()
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        member = tarfile.TarInfo("../settings.py")
        member.size = 4
        archive.addfile(member, io.BytesIO(b"evil"))
    run_in_site(RETITLE, demo_site)
    result = manage(["restore", str(folder), "--noinput"], demo_site, check=False)
    assert result.returncode != 0
    assert "has a file outside the media (../settings.py)" in result.stderr
    assert "Traceback" not in result.stderr
    # Not even the database went back.
    changed = POST_PAGE.format(text="Otsikko muutettu varmuuskopion jälkeen")
    assert run_in_site(changed, demo_site) == "200 True"
    assert not (tmp_path / "settings.py").exists()
