"""Backups and restore, run as an operator runs them: manage.py in its own process.

The site gets a database of its own: a SQLite file, or a fresh PostgreSQL database on the
suite's server when the suite runs on PostgreSQL (``make test-postgres``), so the restore
is tested with pg_dump and pg_restore too.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
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
    if not SUITE_DATABASE.startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'site.sqlite3'}"
        yield env
        return
    import psycopg

    name = f"backup_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(SUITE_DATABASE, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urlunsplit(urlsplit(SUITE_DATABASE)._replace(path=f"/{name}"))
    yield env
    with psycopg.connect(SUITE_DATABASE, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def shell(env, code):
    return manage(env, "shell", "--no-imports", "-c", code).stdout.strip()


@pytest.fixture
def demo_site(site):
    manage(site, "migrate", "--verbosity", "0")
    manage(site, "loaddata", str(ROOT / "fixtures" / "demo.json"), "--verbosity", "0")
    picture = Path(site["MEDIA_ROOT"]) / "posts" / "2026" / "kuva.jpg"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"\xff\xd8 not really a JPEG, but bytes to get back \xff\xd9")
    return site


def test_restore_brings_back_the_database_and_media_after_they_are_lost(demo_site, tmp_path):
    posts = shell(demo_site, COUNT_POSTS)
    picture = Path(demo_site["MEDIA_ROOT"]) / "posts" / "2026" / "kuva.jpg"
    original = picture.read_bytes()

    made = manage(demo_site, "backup", "--to", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    assert str(folder) in made.stdout
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["media_files"] == 1

    manage(demo_site, "flush", "--noinput")
    picture.unlink()
    assert shell(demo_site, COUNT_POSTS) == "0"

    restored = manage(demo_site, "restore", str(folder), "--noinput")
    assert "Restored the database and 1 media files" in restored.stdout
    assert shell(demo_site, COUNT_POSTS) == posts != "0"
    assert shell(demo_site, POST_PAGE.format(text="Esimies muiden silmin")) == "200 True"
    assert picture.read_bytes() == original


def test_readers_see_the_restored_posts_not_pages_cached_before(demo_site, tmp_path):
    manage(demo_site, "backup", "--to", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    shell(demo_site, RETITLE)
    changed = POST_PAGE.format(text="Otsikko muutettu varmuuskopion jälkeen")
    assert shell(demo_site, changed) == "200 True"

    manage(demo_site, "restore", str(folder), "--noinput")
    assert shell(demo_site, changed) == "200 False"
    assert shell(demo_site, POST_PAGE.format(text="Esimies muiden silmin")) == "200 True"


def test_restore_refuses_a_folder_that_is_not_a_backup_and_changes_nothing(demo_site, tmp_path):
    posts = shell(demo_site, COUNT_POSTS)
    (tmp_path / "not-a-backup").mkdir()
    result = manage(demo_site, "restore", str(tmp_path / "not-a-backup"), "--noinput", check=False)
    assert result.returncode != 0
    assert "is not a backup made by the backup command" in result.stderr
    assert "Traceback" not in result.stderr
    assert shell(demo_site, COUNT_POSTS) == posts


def test_restore_refuses_an_incomplete_backup(demo_site, tmp_path):
    manage(demo_site, "backup", "--to", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    (folder / "media.tar.gz").unlink()
    result = manage(demo_site, "restore", str(folder), "--noinput", check=False)
    assert result.returncode != 0
    assert "The backup is incomplete" in result.stderr
    assert "media.tar.gz is missing" in result.stderr


def test_restore_without_noinput_asks_first_and_a_no_changes_nothing(demo_site, tmp_path):
    manage(demo_site, "backup", "--to", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    manage(demo_site, "flush", "--noinput")
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)],
        cwd=ROOT,
        env=demo_site,
        input="no\n",
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Restore cancelled; nothing was changed." in result.stderr
    assert shell(demo_site, COUNT_POSTS) == "0"
