"""Comment load test: `make loadtest-comments`. Exits non-zero when a comment is lost.

Starts the site under gunicorn on a free localhost port with a fresh SQLite database and
the demo content, then has concurrent clients post comments through the real form, as a
browser does: open the post page (cookies, CSRF token, form token), send; every tenth
reader sends the same form twice, as a double click does. The
limits that would refuse a fast robot are set loose through the environment. Afterwards
the database is counted: every accepted comment must be stored exactly once, nothing
refused may be stored, and no request may end in a server error.
"""

import argparse
import http.cookiejar
import re
import sqlite3
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.server import environment, gunicorn, prepare_site

LOOSE_LIMITS = {
    "COMMENTS_MIN_SECONDS": "0",
    "COMMENTS_RATE_LIMIT": "off",
    "COMMENTS_SITE_RATE_LIMIT": "off",
    "COMMENTS_MAX_LINKS": "10",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
}
POST_PATH = "/posts/esimies-muiden-silmin/"
DOUBLE_SEND_EVERY = 10
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"')
ACTION = re.compile(r'<form class="comment-form" method="post" action="([^"#]+)')


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def submit(base, number):
    """One reader: open the page, send a comment. Returns (marker, outcome)."""
    marker = f"loadtest-{number:05d}"
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects
    )
    try:
        page = opener.open(base + POST_PATH, timeout=60).read().decode()
        data = dict(HIDDEN.findall(page))
        data.update(
            name=f"Lukija {number}",
            email=f"lukija{number}@example.com",
            body=f"{marker}: kuormitustestin kommentti, *kiitos*.",
        )
        request = urllib.request.Request(
            base + ACTION.search(page).group(1), data=urllib.parse.urlencode(data).encode()
        )
        status = opener.open(request, timeout=60).status
        if number % DOUBLE_SEND_EVERY == 0 and status in (302, 303):
            # A double click: the same form sent again must not store a second comment.
            status = opener.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        return marker, f"connection error: {error}"
    if status in (302, 303):
        return marker, "accepted"
    return marker, "5xx" if status >= 500 else f"refused {status}"


def stored_markers(database):
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT substr(body, 1, 14) FROM comments_comment WHERE body LIKE 'loadtest-%'"
        ).fetchall()
    return Counter(row[0] for row in rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        database = Path(workdir) / "loadtest.sqlite3"
        env = environment(database, **LOOSE_LIMITS)
        prepare_site(env)
        with gunicorn(env, workers=options.workers) as base:
            started = time.monotonic()
            with ThreadPoolExecutor(options.clients) as pool:
                results = list(pool.map(lambda n: submit(base, n), range(options.comments)))
            elapsed = time.monotonic() - started
        stored = stored_markers(database)
    outcomes = Counter(outcome.split(":")[0] for _marker, outcome in results)
    accepted = {marker for marker, outcome in results if outcome == "accepted"}
    lost = sorted(marker for marker in accepted if stored[marker] == 0)
    doubled = sorted(marker for marker, count in stored.items() if count > 1)
    unexpected = sorted(set(stored) - accepted)
    refused = sum(count for outcome, count in outcomes.items() if outcome.startswith("refused"))
    print(
        f"\nComment load test: {options.comments} comments from {options.clients} concurrent "
        f"clients; gunicorn {options.workers} workers, SQLite; {elapsed:.1f} s "
        f"({options.comments / elapsed:.0f} comments/s); every {DOUBLE_SEND_EVERY}th sent twice"
    )
    header = ("submitted", 10), ("accepted", 9), ("stored", 7), ("refused", 8), ("5xx", 5)
    print(" ".join(f"{name:>{width}}" for name, width in header), f"{'errors':>7}")
    print(
        f"{len(results):>10} {len(accepted):>9} {sum(stored.values()):>7} {refused:>8} "
        f"{outcomes['5xx']:>5} {outcomes['connection error']:>7}"
    )
    for outcome, count in sorted(outcomes.items()):
        if outcome not in ("accepted", "5xx"):
            print(f"  {outcome}: {count}")
    problems = []
    if lost:
        problems.append(f"{len(lost)} accepted comment(s) not stored, e.g. {lost[:3]}")
    if doubled:
        problems.append(f"{len(doubled)} comment(s) stored more than once, e.g. {doubled[:3]}")
    if unexpected:
        problems.append(f"{len(unexpected)} stored comment(s) that were not accepted")
    if outcomes["5xx"] or outcomes["connection error"]:
        problems.append("server errors or dropped connections")
    if len(accepted) < len(results):
        problems.append(f"{len(results) - len(accepted)} submission(s) refused or failed")
    for problem in problems:
        print(f"FAIL: {problem}")
    if not problems:
        print("OK: every accepted comment stored exactly once, no server error")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
