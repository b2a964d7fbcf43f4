"""Search benchmark: `make bench-search`. Prints figures; asserts nothing.

On a fresh SQLite database (and on PostgreSQL when DATABASE_URL names one): the relevance
set's posts (tests/search_relevance.py) among 10,000 generated posts from the shipped
sources, analysed with Voikko and, for comparison, with the stemmer alone. Prints the
set's precision and recall (a false hit is a post a query must not
find; a miss, one it must), then the time of one uncached search request (the page cache
off, through Django's test client: view, query and template) over the set's queries and
common words: p50 and p99.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.server import ROOT, environment, manage

PROBE = """
import random, statistics, sys, time, datetime, json
import django
django.setup()
from django.test import Client
from django.utils import timezone
from blog.models import Post
from blog.search import search_posts
from benchmarks.bench_import import seed_posts
from tests.search_relevance import POSTS, QUERIES

count = int(sys.argv[1])
if sys.argv[2] == "stemmer":
    # The comparison: what search finds with Snowball's stemmer alone, no Voikko.
    import core.text_analysis
    core.text_analysis._voikko = lambda: None
rng = random.Random(2026)
keys = {}
for key, (title, text, tags) in POSTS.items():
    post = Post(title=title, body=text, status="published")
    post.save()
    post.tags.add(*tags)
    keys[post.pk] = key
seeds = seed_posts()
now = timezone.now()
posts = []
for number in range(count):
    title, lines = rng.choice(seeds)
    post = Post(title=f"{title} ({number})", body="\\n".join(lines), status="published",
                published_at=now - datetime.timedelta(hours=number + 1))
    post.prepare()
    posts.append(post)
    if len(posts) == 500:
        Post.objects.bulk_create(posts)
        posts = []
Post.objects.bulk_create(posts)

true = false = missed = 0
failures = []
for query, (must, must_not) in QUERIES.items():
    # Every match, not only the best thousand a reader is offered: what the matching finds.
    found = {keys.get(pk) for pk in search_posts(query, limit=None).pks}
    true += len(found & must)
    false += len(found & must_not)
    missed += len(must - found)
    if found & must_not or must - found:
        failures.append(query)
client = Client()
words = list(QUERIES) + ["työ", "asiakas", "esimies", "ja", "tiimi", "osaaminen",
                         "kokeileminen", "empatia", "palaute", "johtaminen"]
timings = []
for _round in range(5):
    for query in words:
        started = time.perf_counter()
        response = client.get("/search/", {"q": query}, HTTP_HOST="127.0.0.1")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
timings.sort()
print(json.dumps({
    "posts": Post.objects.count(),
    "precision": true / (true + false) if true + false else 1.0,
    "recall": true / (true + missed) if true + missed else 1.0,
    "false_hits": false, "misses": missed, "queries": len(QUERIES),
    "p50": statistics.median(timings) * 1000,
    "p99": timings[int(len(timings) * 0.99) - 1] * 1000,
    "requests": len(timings), "failures": failures,
}))
"""


def measure(env, count, analysis="voikko"):
    manage(["migrate", "--verbosity", "0"], env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(count), analysis],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    options = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as workdir:
        env = environment(Path(workdir) / "search.sqlite3", "benchmarks.nocache_settings")
        runs.append(("SQLite", measure(env, options.posts)))
        env = environment(Path(workdir) / "stemmer.sqlite3", "benchmarks.nocache_settings")
        runs.append(("(stemmer)", measure(env, options.posts, "stemmer")))
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            from benchmarks.server import postgres_database

            with postgres_database(os.environ["DATABASE_URL"], "bench_search") as url:
                env = environment(
                    Path(workdir) / "pg", "benchmarks.nocache_settings", database_url=url
                )
                runs.append(("PostgreSQL", measure(env, options.posts)))
    print(f"\nSearch benchmark ({os.cpu_count()} cores)")
    print(f"{'database':<11} {'posts':>6} {'queries':>8} {'precision':>10} {'recall':>7} "
          f"{'false hits':>11} {'misses':>7} {'p50':>8} {'p99':>8}")  # fmt: skip
    for name, r in runs:
        print(
            f"{name:<11} {r['posts']:>6} {r['queries']:>8} {r['precision']:>10.3f} "
            f"{r['recall']:>7.3f} {r['false_hits']:>11} {r['misses']:>7} "
            f"{r['p50']:>6.1f}ms {r['p99']:>6.1f}ms"
        )
    for name, r in runs:
        if r["failures"]:
            print(f"{name}: a miss or a false hit for {', '.join(r['failures'])}")
    print(
        f"Times: one uncached search request each ({runs[0][1]['requests']} per database), "
        "page cache off. Target: p99 under 50 ms on SQLite.\n"
        "(stemmer): SQLite with Snowball's stemmer alone, no Voikko, for comparison."
    )


if __name__ == "__main__":
    main()
