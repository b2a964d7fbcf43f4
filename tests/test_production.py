"""The production configuration: deploy checks, HTTPS, CSP, health check, cache and logs."""

import json
import os
import urllib.error
import urllib.request
from http import HTTPStatus

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection

from benchmarks.server import environment, gunicorn, manage
from core.file_cache import COUNT_EVERY_WRITES, FolderCache
from tests.test_settings import run_manage, run_python

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-real-secret-Hk3Lq9VxZp2Rt8YwBn5Mc7Jd4Fg6Sa1Ue0Io",
    "DJANGO_ALLOWED_HOSTS": "blogi.example.fi",
}
HEALTH_PROBE = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="10.0.0.5")
print(response.status_code, response.content.decode().strip(), response["Cache-Control"])
"""


def test_deploy_check_is_clean_in_production(tmp_path):
    # A database of its own: the checks read it, and a developer's db.sqlite3 is hers.
    database = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", DATABASE_URL=database, **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_redirects_to_https_and_keeps_cookies_there():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    direct = run_python(code, **PRODUCTION)
    assert direct.stdout.split() == ["True", "True", "True", "31536000", "None"], direct.stderr
    proxied = run_python(code, DJANGO_TRUSTED_PROXY_COUNT="1", **PRODUCTION)
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in proxied.stdout


@pytest.mark.django_db
def test_plain_http_is_redirected_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/", HTTP_HOST="testserver")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "https://testserver/"
    assert client.get("/healthz").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.5")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    unreachable = f"sqlite:///{tmp_path}/no/such/folder/db.sqlite3"
    result = run_python(HEALTH_PROBE, DATABASE_URL=unreachable, **PRODUCTION, DJANGO_HTTPS="0")
    lines = result.stdout.splitlines()
    printed = [line for line in lines if not line.startswith("{")]
    assert printed[0] == "503 database unavailable no-store", result.stderr
    logged = [json.loads(line) for line in lines if line.startswith("{")]
    assert any(entry["message"].startswith("Health check: the database") for entry in logged)


def test_logs_are_json_lines_in_production():
    result = run_python(
        "import django, logging; django.setup();"
        "logging.getLogger('blog').warning('Tuonti valmis: %d kirjoitusta', 12)",
        **PRODUCTION,
    )
    entry = json.loads(result.stdout.strip().splitlines()[-1])
    assert entry["level"] == "WARNING" and entry["logger"] == "blog"
    assert entry["message"] == "Tuonti valmis: 12 kirjoitusta"


def test_without_redis_workers_share_a_cache_on_disk(tmp_path):
    code = (
        "import django; django.setup(); from django.core.cache import cache;"
        "from django.core.cache import caches;"
        "cache.set('jaettu', 'kyllä'); print(type(caches['default']).__name__)"
    )
    first = run_python(code, DJANGO_CACHE_DIR=str(tmp_path), **PRODUCTION)
    assert first.stdout.strip() == "FolderCache", first.stderr
    second = run_python(
        "import django; django.setup(); from django.core.cache import cache;"
        "print(cache.get('jaettu'))",
        DJANGO_CACHE_DIR=str(tmp_path),
        **PRODUCTION,
    )
    assert second.stdout.strip() == "kyllä"


def test_the_cache_on_disk_keeps_to_its_size_without_listing_its_folder_on_every_write(
    tmp_path, monkeypatch
):
    cache = FolderCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 200}})
    listings = []
    listed = FileBasedCache._list_cache_files
    monkeypatch.setattr(
        FileBasedCache, "_list_cache_files", lambda self: listings.append(1) or listed(self)
    )
    sizes = []
    for n in range(1000):
        cache.set(f"sivu-{n}", "x" * 100)
        sizes.append(len(list(tmp_path.glob("*.djcache"))))
    assert len(listings) == 1000 // COUNT_EVERY_WRITES
    assert 150 <= max(sizes) <= 200
    assert cache.get("sivu-999") == "x" * 100


def test_an_entry_written_over_a_longer_one_reads_as_the_new_one(tmp_path):
    cache = FolderCache(str(tmp_path), {})
    cache.set("sivu", "pitkä " * 2000)
    cache.set("sivu", "lyhyt")
    [entry] = tmp_path.glob("*.djcache")
    assert cache.get("sivu") == "lyhyt"
    assert entry.stat().st_size < 100


def test_the_cache_on_disk_keeps_a_page_as_it_is_for_reading_without_inflating(tmp_path):
    cache = FolderCache(str(tmp_path), {})
    page = "<p>Hyvää huomenta</p>" * 500
    cache.set("sivu", page)
    [entry] = tmp_path.glob("*.djcache")
    assert page.encode() in entry.read_bytes()
    assert cache.get("sivu") == page


def test_a_read_torn_by_another_process_writing_is_the_old_value_the_new_or_a_miss(tmp_path):
    """Each way a read can see an entry while another process writes over it: the new
    entry's first bytes, then the old entry's."""
    cache = FolderCache(str(tmp_path), {})
    cache.set("sivu", {"versio": 1, "html": "vanha " * 300})
    [entry] = tmp_path.glob("*.djcache")
    old = entry.read_bytes()
    cache.set("sivu", {"versio": 2, "html": "uusi " * 50})
    new = entry.read_bytes()
    seen = set()
    for cut in range(len(new) + 1):
        entry.write_bytes(new[:cut] + old[cut:])
        found = cache.get("sivu", "ohi")
        seen.add(found if found == "ohi" else found["versio"])
        assert cache.has_key("sivu") in (True, False)
    assert seen == {1, 2, "ohi"}


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_that_database_url_names():
    named = os.environ.get("DATABASE_URL", "sqlite")
    assert connection.vendor == ("postgresql" if named.startswith("postgres") else "sqlite")


def test_gunicorn_takes_no_scheme_from_a_forwarded_header_without_a_trusted_proxy(tmp_path):
    env = environment(tmp_path / "site.sqlite3")
    manage(["migrate", "--verbosity", "0"], env)
    manage(["loaddata", "fixtures/demo.json", "--verbosity", "0"], env)
    with gunicorn(env, workers=1, production_config=True) as url:
        forged = urllib.request.Request(
            f"{url}/feeds/atom/", headers={"X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(forged, timeout=10) as response:
            feed = response.read().decode()
    assert f'href="{url}/' in feed and "https://127.0.0.1" not in feed


def test_healthz_answers_503_when_the_sqlite_file_was_deleted(tmp_path):
    database = tmp_path / "site.sqlite3"
    env = environment(database)
    manage(["migrate", "--verbosity", "0"], env)
    database.unlink()
    result = run_python(
        HEALTH_PROBE, DATABASE_URL=f"sqlite:///{database}", **PRODUCTION, DJANGO_HTTPS="0"
    )
    printed = [line for line in result.stdout.splitlines() if not line.startswith("{")]
    assert printed == ["503 database unavailable no-store"], result.stdout + result.stderr


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers, b""


@pytest.mark.parametrize("serve_media", ["1", "0"])
def test_uploads_are_served_by_the_site_only_when_nothing_in_front_does(tmp_path, serve_media):
    media = tmp_path / "media"
    (media / "posts").mkdir(parents=True)
    (media / "posts" / "kuva.jpg").write_bytes(b"\xff\xd8 not checked here")
    (tmp_path / "salainen.txt").write_text("ei näy")
    env = environment(
        tmp_path / "site.sqlite3", MEDIA_ROOT=str(media), DJANGO_SERVE_MEDIA=serve_media
    )
    manage(["migrate", "--verbosity", "0"], env)
    with gunicorn(env, workers=1) as url:
        status, headers, body = fetch(f"{url}/media/posts/kuva.jpg")
        outside, _headers, _body = fetch(f"{url}/media/../salainen.txt")
        escaped, _headers, _body = fetch(f"{url}/media/%2e%2e/salainen.txt")
    if serve_media == "1":
        assert status == HTTPStatus.OK and body.startswith(b"\xff\xd8")
        assert "max-age=86400" in headers["Cache-Control"]
        assert headers["Content-Type"] == "image/jpeg"
    else:
        assert status == HTTPStatus.NOT_FOUND
    # Refused either way: not found, or a bad request for a path that leaves the folder.
    assert {outside, escaped} <= {HTTPStatus.NOT_FOUND, HTTPStatus.BAD_REQUEST}
