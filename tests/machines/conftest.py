"""Two app machines: two gunicorn servers, each running its own copy of the project in a
folder of its own (no shared disk), one task worker in a third, and between them only
what docs/deploy.md says machines share: one PostgreSQL, one Redis and one S3 bucket.

Run by `make test-machines`, with the services of .ci/services in the environment
(DATABASE_URL on PostgreSQL, REDIS_URL, MEDIA_STORAGE_URL); `make test` leaves it out
(the ``machines`` mark). The servers get a database of their own, the Redis's second
database (emptied first) and a folder of their own in the bucket.
"""

import os
import subprocess
import sys
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from benchmarks.server import (
    environment,
    gunicorn,
    manage,
    postgres_database,
    run_in_site,
    with_path,
    working_copy,
)
from tests import browsing
from tests.smtp_sink import Sink

PASSWORD = "Kaksi-konetta-2026"
EDITOR = "toimittaja"
EDITOR_EMAIL = "tiina.toimittaja@example.fi"
POST = "/posts/esimies-muiden-silmin/"

CREATE_EDITOR = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
editor = get_user_model().objects.create_user(
    {EDITOR!r}, email={EDITOR_EMAIL!r}, password={PASSWORD!r}, is_staff=True,
    first_name="Tiina", last_name="Toimittaja",
)
editor.groups.add(Group.objects.get(name="Editor"))

# She writes the post readers comment on below: the comments' notices are hers.
from authors.models import Author
from blog.models import Post, PostAuthor
post = Post.objects.get(slug={POST.split("/")[2]!r})
PostAuthor.objects.create(
    post=post, author=Author.objects.get(user=editor), position=post.bylines.count()
)
"""


@dataclass
class Machine:
    name: str
    url: str
    folder: Path


@dataclass
class Machines:
    a: Machine
    b: Machine
    env: dict
    # What the task worker mailed, as a real SMTP server on loopback accepted it.
    inbox: object
    # Where readers' browsers fetch the uploads from: the bucket's server.
    media_origin: str

    def python(self, code):
        """Run ``code`` against the shared database; returns what it printed."""
        return run_in_site(code, self.env)


def services():
    """The shared services' URLs from the environment; fails, saying how, without them."""
    found = {
        name: os.environ.get(name, "")
        for name in ("DATABASE_URL", "REDIS_URL", "MEDIA_STORAGE_URL")
    }
    if not found["DATABASE_URL"].startswith("postgres") or not all(found.values()):
        pytest.fail(
            "The two-machine test needs PostgreSQL, Redis and an S3 bucket: run it with "
            "`make test-machines`, which starts them (.ci/services), or set DATABASE_URL "
            "(postgres://), REDIS_URL and MEDIA_STORAGE_URL (with AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY) yourself."
        )
    return found


@contextmanager
def two_machines(workdir):
    shared = services()
    redis_url = with_path(shared["REDIS_URL"], "/1")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    sink = Sink().start()
    with ExitStack() as stack:
        stack.callback(sink.stop)
        database_url = stack.enter_context(
            postgres_database(shared["DATABASE_URL"], "blog_machines")
        )
        env = environment(
            workdir / "no-such-file",
            database_url=database_url,
            REDIS_URL=redis_url,
            MEDIA_STORAGE_URL=with_path(
                shared["MEDIA_STORAGE_URL"], f"/machines-{uuid.uuid4().hex[:12]}"
            ),
            COMMENTS_MIN_SECONDS="1",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(sink.port),
        )
        folders = {name: working_copy(workdir / name) for name in ("a", "b", "worker")}

        def on(name):
            return {**env, "PYTHONPATH": str(folders[name])}

        manage(["migrate", "--verbosity", "0"], on("a"), folder=folders["a"])
        manage(["loaddata", "fixtures/demo.json", "--verbosity", "0"], on("a"), folder=folders["a"])
        run_in_site(CREATE_EDITOR, on("a"))
        for name in ("a", "b"):
            manage(
                ["collectstatic", "--noinput", "--verbosity", "0"], on(name), folder=folders[name]
            )
        # The worker's first checks draw the demo's social cards, which retires its posts'
        # pages: done before any reader comes, as on a site already running, a test's first
        # read is not retired under it by the worker starting.
        manage(["run_worker", "--burst"], on("worker"), folder=folders["worker"])
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker"], cwd=folders["worker"], env=on("worker")
        )
        stack.callback(worker.wait, timeout=30)
        stack.callback(worker.terminate)
        machines = {
            name: Machine(
                name, stack.enter_context(gunicorn(on(name), folder=folders[name])), folders[name]
            )
            for name in ("a", "b")
        }
        endpoint = parse_qs(urlsplit(shared["MEDIA_STORAGE_URL"]).query)["endpoint_url"][0]
        yield Machines(
            a=machines["a"], b=machines["b"], env=on("a"), inbox=sink.inbox, media_origin=endpoint
        )


@pytest.fixture(scope="session")
def machines(tmp_path_factory):
    with two_machines(tmp_path_factory.mktemp("machines")) as both:
        yield both


@pytest.fixture
def open_on(browser):
    """Opens a page on ``machine`` in a browser of its own (no shared cookies), Finnish
    and in Finland, signed in as ``username`` when one is given."""
    contexts = []

    def open_page(machine, username=None, password=PASSWORD):
        context = browser.new_context(
            base_url=machine.url, locale="fi-FI", timezone_id="Europe/Helsinki"
        )
        contexts.append(context)
        page = context.new_page()
        if username:
            browsing.sign_in(page, username, password)
        return page

    yield open_page
    for context in contexts:
        context.close()
