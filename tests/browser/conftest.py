"""The browser suite: the site under gunicorn with a fresh database, driven by Chromium.

Run by `make e2e`; `make test` leaves it out (the ``browser`` mark). The server runs the
production settings (debug off, plain HTTP on localhost) on a free port, with the demo
content and one staff user in each role; Playwright drives the Chromium of Debian's
``chromium`` package, since no browser can be downloaded here.
"""

import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from benchmarks.server import ROOT, discussion, environment, gunicorn, prepare_site, run_in_site
from tests import browsing
from tests.smtp_sink import Sink

PASSWORD = "selain-Testi-2026"
# username: (role, first name, last name)
STAFF = {
    "toimittaja": ("Editor", "Tiina", "Toimittaja"),
    "kirjoittaja": ("Author", "Kaisa", "Kirjoittaja"),
    "avustaja": ("Contributor", "Aino", "Avustaja"),
}

CREATE_STAFF = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
for username, (role, first, last) in {STAFF!r}.items():
    user = get_user_model().objects.create_user(
        username, password={PASSWORD!r}, is_staff=True, first_name=first, last_name=last
    )
    user.groups.add(Group.objects.get(name=role))

# Enough posts for the home page to have more than one page, older than the demo's.
import datetime
from authors.models import Author
from blog.models import Post, PostAuthor
saija = Author.objects.get(display_name="Saija Vuorinen")
for number in range(1, 16):
    post = Post(
        title=f"Viikon huomio {{number}}",
        body=f"Viikon {{number}} huomio työelämästä ja *asiakaspalvelusta*.",
        status=Post.Status.PUBLISHED,
        published_at=datetime.datetime(2012, 1, number, 12, tzinfo=datetime.UTC),
    )
    post.save()
    PostAuthor.objects.create(post=post, author=saija, position=0)
    post.tags.add("viikkohuomio")
"""


@dataclass
class Site:
    url: str
    env: dict
    # What the site mailed, as a real SMTP server on loopback accepted it.
    inbox: object = None

    def python(self, code):
        """Run ``code`` against the site's database; returns what it printed."""
        return run_in_site(code, self.env)


# A discussion to read: an approved comment with a reply, on a post no journey comments on.
DISCUSSION = discussion('Post.objects.get(slug="empatiaa-ja-asiakaspalvelua-samassa-paketissa")')


@contextmanager
def serve_site(workdir, *setup):
    """The site under gunicorn on a fresh database with the demo content, after running
    each piece of ``setup`` code in it; yields the running Site."""
    sink = Sink().start()
    env = environment(
        workdir / "site.sqlite3",
        "tests.browser.settings",
        MEDIA_ROOT=str(workdir / "media"),
        # Nothing stands in front of gunicorn here, as with `make serve`.
        DJANGO_SERVE_MEDIA="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # A reader who types fast is still a reader; the other limits stay as shipped.
        COMMENTS_MIN_SECONDS="1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
    )
    prepare_site(env, pictures=True)
    served = Site(url="", env=env, inbox=sink.inbox)
    for code in setup:
        served.python(code)
    # One process: a change made in one request is seen by the next at once. The task
    # worker beside it sends the mail, as in production.
    worker = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=env)
    try:
        with gunicorn(env, workers=1, threads=4) as url:
            served.url = url
            yield served
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        sink.stop()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    with serve_site(tmp_path_factory.mktemp("site"), CREATE_STAFF, DISCUSSION) as served:
        yield served


@dataclass
class Watch:
    """What a page did that no page of ours should: dialogs and uncaught script errors."""

    dialogs: list
    errors: list


@pytest.fixture
def browse(browser, site):
    """Opens a page in a browser of its own (no shared cookies) as the blog's readers have
    it, Finnish and in Finland, signed in as ``username`` when one is given. Fails the test
    if any of these pages had a script error."""
    pages = []

    def open_page(username=None, **options):
        context = browser.new_context(
            base_url=site.url, locale="fi-FI", timezone_id="Europe/Helsinki", **options
        )
        page = context.new_page()
        page.watch = Watch(dialogs=[], errors=[])
        page.on(
            "dialog", lambda dialog: (page.watch.dialogs.append(dialog.message), dialog.dismiss())
        )
        page.on("pageerror", lambda error: page.watch.errors.append(str(error)))
        pages.append(page)
        if username:
            sign_in(page, username)
        return page

    yield open_page
    for page in pages:
        page.context.close()
    assert [error for page in pages for error in page.watch.errors] == [], "script errors"


@pytest.fixture
def page(browse):
    return browse()


@pytest.fixture
def reader(browse):
    """A second reader, beside ``page``."""
    return browse()


@pytest.fixture
def editor(browse):
    return browse("toimittaja")


def sign_in(page, username, password=PASSWORD):
    browsing.sign_in(page, username, password)
