"""The browser suite: the site under gunicorn with a fresh database, driven by Chromium.

Run by `make e2e`; `make test` leaves it out (the ``browser`` mark). The server runs the
production settings (debug off, plain HTTP on localhost) on a free port, with the demo
content and one staff user in each role; Playwright drives the Chromium of Debian's
``chromium`` package, since no browser can be downloaded here.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.server import environment, gunicorn, prepare_site, run_in_site

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "selain-Testi-2026"
STAFF = {"toimittaja": "Editor", "kirjoittaja": "Author", "avustaja": "Contributor"}

CREATE_STAFF = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
for username, role, first in {[(u, r, r) for u, r in STAFF.items()]!r}:
    user = get_user_model().objects.create_user(
        username, password={PASSWORD!r}, is_staff=True, first_name=first, last_name="Testaaja"
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


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class Site:
    url: str
    env: dict

    def python(self, code):
        """Run ``code`` against the site's database; returns what it printed."""
        return run_in_site(code, self.env)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("site")
    env = environment(
        workdir / "site.sqlite3",
        "tests.browser.settings",
        MEDIA_ROOT=str(workdir / "media"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # A reader who types fast is still a reader; the other limits stay as shipped.
        COMMENTS_MIN_SECONDS="1",
    )
    prepare_site(env)
    served = Site(url="", env=env)
    served.python(CREATE_STAFF)
    # One process: a change made in one request is seen by the next at once.
    with gunicorn(env, workers=1, threads=4) as url:
        served.url = url
        yield served


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, site):
    context = browser.new_context(base_url=site.url, locale="fi-FI")
    yield context
    context.close()


@dataclass
class Watch:
    """What a page did that no page of ours should: dialogs and uncaught script errors."""

    dialogs: list
    errors: list


@pytest.fixture
def page(context):
    page = context.new_page()
    page.watch = Watch(dialogs=[], errors=[])
    page.on("dialog", lambda dialog: (page.watch.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.watch.errors.append(str(error)))
    yield page
    assert page.watch.errors == [], "script errors on the page"


def sign_in(page, username, password=PASSWORD):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
