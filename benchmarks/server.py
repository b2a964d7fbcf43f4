"""A throwaway site for benchmarks, load tests and the browser suite: a fresh database,
gunicorn, debug off."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# Debian's chromium package: no browser can be downloaded here.
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# What a machine writes as it runs or builds, never part of the release it runs.
LOCAL_STATE = (
    ".git", ".venv", "node_modules", "media", "staticfiles", "backups", ".cache", "*.sqlite3*",
    "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache", ".grimp_cache",
    ".import_linter_cache",
)  # fmt: skip


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database, settings="config.settings", database_url=None, **extra):
    """Settings for a site on the SQLite file ``database`` (or on ``database_url``).

    Without ``REDIS_URL`` in ``extra``, the cache is a fresh folder next to ``database``.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DJANGO_DEBUG": "0",
        # Plain HTTP on localhost; and a fresh shared cache next to the fresh database.
        "DJANGO_HTTPS": "0",
        "DJANGO_CACHE_DIR": f"{database}.cache",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url or f"sqlite:///{database}",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    if "REDIS_URL" not in extra:
        env.pop("REDIS_URL", None)
    return env


def working_copy(folder):
    """The project in ``folder`` as another app machine has it: the code, and in time its
    own static files and whatever else it writes there; the installed packages (.venv,
    node_modules) are the same release's. Returns ``folder``."""
    shutil.copytree(ROOT, folder, ignore=shutil.ignore_patterns(*LOCAL_STATE))
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def manage(args, env, check=True, answer=None, folder=ROOT):
    """Run manage.py with ``env`` as an operator would; returns the finished process.

    Output is captured; with ``check``, a failure raises with what the command said.
    ``answer`` is typed at its prompt.
    """
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=folder,
        env=env,
        input=answer,
        capture_output=True,
        text=True,
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result


def run_in_site(code, env):
    """Run Python ``code`` in the site's Django shell; returns what it printed."""
    return manage(["shell", "--no-imports", "-c", code], env).stdout.strip()


def with_path(url, path):
    """``url`` (a service's: postgres://, redis://, s3://) with ``path`` instead of its own."""
    return urlunsplit(urlsplit(url)._replace(path=path))


def read_page(url, host=None):
    """An anonymous reader's GET, with the Host header ``host`` (as a load balancer sends
    the site's one name to every machine): (status, X-Cache, page, seconds)."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            answer, page = response, response.read().decode()
    except HTTPError as error:
        answer, page = error, error.read().decode()
    return answer.status, answer.headers["X-Cache"], page, time.monotonic() - started


@contextmanager
def postgres_database(server_url, name):
    """A new, empty database ``name`` on the server of ``server_url``, dropped afterwards.

    Yields its URL. The user of ``server_url`` needs CREATEDB.
    """
    import psycopg

    def drop(server):
        # Sessions of our own (a site's server or worker left running) are ended first.
        # Not with DROP DATABASE ... WITH (FORCE): unless run by a superuser, it refuses
        # when an autovacuum worker is in the database, which a plain DROP stops itself.
        server.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND usename = current_user AND pid <> pg_backend_pid()",
            [name],
        )
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')

    with psycopg.connect(server_url, autocommit=True) as server:
        drop(server)
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_path(server_url, f"/{name}")
    finally:
        with psycopg.connect(server_url, autocommit=True) as server:
            drop(server)


def discussion(post):
    """Code for ``run_in_site``: an approved comment with a reply on ``post`` (an
    expression), which it leaves in a variable of that name."""
    return f"""
from blog.models import Post
from comments.models import Comment
post = {post}
approved = Comment.Status.APPROVED
first = Comment.objects.create(
    post=post, name="Maija Meikäläinen", email="maija@example.fi", status=approved,
    website="https://example.fi/maija", body="Kiitos, **tärkeä** aihe.\\n\\n- empatia\\n- palvelu",
)
Comment.objects.create(
    post=post, parent=first, name="Riina", email="riina@example.fi", status=approved,
    body="Kiitos itsellesi, Maija!",
)
"""


def prepare_site(env, pictures=False):
    """Migrate a fresh database, collect static files and load the demo content; with
    ``pictures``, the demo's pictures too, as `make run` has them (blog.demo)."""
    manage(["migrate", "--verbosity", "0"], env)
    manage(["collectstatic", "--noinput", "--verbosity", "0"], env)
    manage(["loaddata", str(ROOT / "fixtures" / "demo.json"), "--verbosity", "0"], env)
    if pictures:
        run_in_site("from blog.demo import add_pictures; add_pictures()", env)


def wait_until_up(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("the server stopped before it answered")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("the server did not answer in time")


@contextmanager
def serving(command, port, env, quiet=False, folder=ROOT):
    """Run the server ``command`` (listening on ``port``) in ``folder`` for the block;
    yields its URL."""
    output = subprocess.DEVNULL if quiet else None
    server = subprocess.Popen(command, cwd=folder, env=env, stdout=output, stderr=output)
    try:
        wait_until_up(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def gunicorn(env, workers=2, threads=1, production_config=False, folder=ROOT):
    """Serve the site (the code in ``folder``) on a free localhost port; yields its base URL.

    With ``production_config``, gunicorn reads config/gunicorn.conf.py as in production
    (its JSON access log included); the arguments here still choose workers and port.
    """
    port = free_port()
    config = ["--config", "config/gunicorn.conf.py"] if production_config else []
    command = [
        sys.executable, "-m", "gunicorn", *config, "config.wsgi", "--workers", str(workers),
        "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    with serving(command, port, env, folder=folder) as url:
        yield url
