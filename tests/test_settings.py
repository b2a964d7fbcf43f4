import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(argv, **env):
    """Run ``argv`` in a fresh process with the project's settings and only ``env`` set."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        argv,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_python(code, **env):
    return run([sys.executable, "-c", code], **env)


def run_manage(*args, **env):
    return run([sys.executable, "manage.py", *args], **env)


def test_production_mode_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_is_off_unless_set():
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_mode_starts_without_secret_key():
    result = run_manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_production_mode_starts_with_secret_key():
    result = run_manage(
        "check",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-real-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="blog.example.fi",
    )
    assert result.returncode == 0, result.stderr


def test_unreadable_boolean_is_named():
    result = run_manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr


SQLITE_PROBE = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    print(cursor.execute("PRAGMA journal_mode").fetchone()[0])
    print(cursor.execute("PRAGMA busy_timeout").fetchone()[0])
    print(cursor.execute("PRAGMA foreign_keys").fetchone()[0])
print(connection.settings_dict["NAME"])
"""


def test_sqlite_file_opens_in_wal_mode_with_busy_timeout(tmp_path):
    database = tmp_path / "blog.sqlite3"
    result = run_python(SQLITE_PROBE, DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "1", str(database)]


def test_default_database_is_sqlite_file_in_repository_root():
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['NAME'])",
        DJANGO_DEBUG="1",
    )
    assert result.stdout.strip() == str(ROOT / "db.sqlite3")


CONCURRENT_WRITERS = """
import threading
import django
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
call_command("migrate", verbosity=0)
from django.contrib.auth.models import Group
Group.objects.all().delete()
errors = []

def writer(n):
    try:
        for i in range(20):
            # Read, then write, in one transaction: the pattern that fails with
            # "database is locked" under SQLite's default DEFERRED transactions.
            with transaction.atomic():
                Group.objects.count()
                Group.objects.create(name=f"g-{n}-{i}")
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(errors), Group.objects.count())
print(errors[:1])
"""


def test_concurrent_read_then_write_transactions_wait_instead_of_failing(tmp_path):
    database = tmp_path / "busy.sqlite3"
    result = run_python(CONCURRENT_WRITERS, DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "0 160", result.stdout


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("postgres://blog:secret@db.example:5432/blog", "django.db.backends.postgresql"),
        ("sqlite:////tmp/other.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_database_url_selects_the_engine(url, engine):
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])",
        DJANGO_DEBUG="1",
        DATABASE_URL=url,
    )
    assert result.stdout.strip() == engine, result.stderr


def test_redis_url_selects_the_redis_cache():
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])",
        DJANGO_DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.stdout.split() == [
        "core.redis_cache.SharedRedisCache",
        "redis://127.0.0.1:6379/1",
    ]


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "fi"
    assert dict(settings.LANGUAGES).keys() == {"fi", "en"}
    assert settings.TIME_ZONE == "Europe/Helsinki"
    assert settings.USE_TZ


COMMENT_SETTINGS_PROBE = """
import django
django.setup()
from django.conf import settings
print(settings.COMMENTS_REQUIRE_APPROVAL, settings.COMMENTS_RATE_LIMIT,
      settings.COMMENTS_SITE_RATE_LIMIT, settings.COMMENTS_MIN_SECONDS,
      settings.COMMENTS_CLOSE_AFTER_DAYS)
"""


def test_comment_settings_come_from_the_environment():
    defaults = run_python(COMMENT_SETTINGS_PROBE, DJANGO_DEBUG="1")
    assert defaults.stdout.split() == ["True", "(5,", "60)", "(20,", "60)", "3", "None"]
    loose = run_python(
        COMMENT_SETTINGS_PROBE,
        DJANGO_DEBUG="1",
        COMMENTS_REQUIRE_APPROVAL="0",
        COMMENTS_RATE_LIMIT="100/h",
        COMMENTS_SITE_RATE_LIMIT="off",
        COMMENTS_MIN_SECONDS="0",
        COMMENTS_CLOSE_AFTER_DAYS="30",
    )
    assert loose.stdout.split() == ["False", "(100,", "3600)", "None", "0", "30"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("COMMENTS_RATE_LIMIT", "5 per minute", "is not a rate: write a count per s, m, h or d"),
        ("COMMENTS_MIN_SECONDS", "-1", "is not a whole number of 0 or more"),
        ("COMMENTS_CLOSE_AFTER_DAYS", "month", "is not a whole number of 0 or more"),
    ],
)
def test_unreadable_comment_setting_is_named(name, value, message):
    result = run_manage("check", DJANGO_DEBUG="1", **{name: value})
    assert result.returncode != 0
    assert f"{name}={value!r} {message}" in result.stderr
    assert "Traceback" not in result.stderr
