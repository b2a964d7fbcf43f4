"""A reader's comment while something else holds the SQLite database: a long import, or
any writer. The site is served by gunicorn on a database file, as in production."""

import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import pytest

from benchmarks.loadtest_comments import ACTION, HIDDEN, LOOSE_LIMITS, POST_PATH, submit
from benchmarks.server import ROOT, environment, gunicorn, prepare_site
from tests.test_import_posts import wordpress_post

BUSY_TIMEOUT = 1


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("busy")
    database = workdir / "site.sqlite3"
    env = environment(database, DJANGO_DB_BUSY_TIMEOUT=str(BUSY_TIMEOUT), **LOOSE_LIMITS)
    prepare_site(env)
    with gunicorn(env, workers=2) as url:
        yield url, database, env, workdir


def test_comment_sent_while_the_database_is_held_comes_back_with_her_text(site):
    url, database, _env, _workdir = site
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    page = opener.open(url + POST_PATH).read().decode()
    form = dict(HIDDEN.findall(page))
    form.update(name="Lukija", email="lukija@example.com", body="Tärkeä ajatus, ei saa hukkua.")
    send = urllib.request.Request(
        url + ACTION.search(page).group(1), data=urllib.parse.urlencode(form).encode()
    )
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(send)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    answer = refused.value
    assert answer.code == 503 and answer.headers["Retry-After"] == "60"
    html = answer.read().decode()
    assert "Blogi on juuri nyt hyvin kiireinen" in html
    assert "Tärkeä ajatus, ei saa hukkua.</textarea>" in html
    # Sent again once the database is free, the same form is taken.
    assert opener.open(send).geturl().startswith(url + POST_PATH)


def test_comments_get_in_while_a_long_import_runs(site):
    url, _database, env, workdir = site
    source = workdir / "iso-blogi.txt"
    source.write_text("".join(wordpress_post(f"Tuotu kirjoitus {n}", 12) for n in range(1500)))
    outcomes = []
    started = time.monotonic()
    importing = subprocess.Popen(
        [sys.executable, "manage.py", "import_posts", str(source), "--verbosity", "0"],
        cwd=ROOT,
        env=env,
    )

    def comment_until_done():
        number = 0
        while importing.poll() is None:
            number += 1
            outcomes.append(submit(url, number)[1])
            time.sleep(0.1)

    commenter = threading.Thread(target=comment_until_done)
    commenter.start()
    assert importing.wait(timeout=300) == 0
    took = time.monotonic() - started
    commenter.join()
    # The import took several times the busy timeout; no comment waited that long.
    assert took > 4 * BUSY_TIMEOUT
    assert len(outcomes) >= 10
    assert set(outcomes) == {"accepted"}, outcomes
