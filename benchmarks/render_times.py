"""Render times in one process: each page through Django's test client (every middleware,
no HTTP) with the whole-page cache off, as on a cache miss; the median of many renders
after a warm-up, and the queries one render makes. A miss comes in two kinds, and both
are measured: the page retired by a change to something it shows (a comment's count on a
card, an edited post), its list of posts still kept; and the first render after a new
post on its lists, which reads the list again (what the new post retires: blog.topics).

Run in a site's environment with DJANGO_SETTINGS_MODULE=benchmarks.nocache_settings:
``python -m benchmarks.render_times [--rounds N] REPEAT PATH...``; prints one JSON object,
{path: {"ms": median milliseconds of the best round, "all ms": of every render,
"queries": count, "new post ms": ..., "new post all ms": ..., "new post queries": ...}}
(``measure``: rounds of REPEAT renders of each page). `make bench` runs it
(benchmarks/bench_pages.py); ``--profile PATH [REPEAT [ORDER]]`` prints where one page's
time goes instead (ORDER: a pstats sort key, "tottime" for the time spent in each function
itself).
"""

import cProfile
import json
import pstats
import statistics
import sys
import time
from functools import partial

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

# The process as a server's worker starts it (config.wsgi: Django set up, start-up's
# objects frozen out of the garbage collector's sight).
import config.wsgi  # noqa: F401

# What the benchmark's servers answer to (benchmarks.server.environment).
HOST = "127.0.0.1"
# Rounds of renders of every page (measure).
ROUNDS = 5


def new_post_topics(path):
    """What a new post retires, as the write path names it (blog.topics.posts_changed):
    one with the next id, published now, with the newest post's tags and authors, and on
    the lists of the tag or author ``path`` is about."""
    from django.utils import timezone
    from taggit.models import Tag

    from authors.models import Author
    from authors.topics import author
    from blog.models import Post
    from blog.topics import lists_of, posts_changed, tag

    new = Post(
        pk=Post.objects.latest("pk").pk + 1,
        status=Post.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    found = posts_changed([new])
    found += lists_of([Post.objects.published().latest("published_at").pk])
    match = resolve(path.split("?")[0])
    if match.url_name.startswith("tag") and "slug" in match.kwargs:
        found.append(tag(Tag.objects.get(slug=match.kwargs["slug"]).pk))
    if match.namespace == "authors" and "slug" in match.kwargs:
        found.append(author(Author.objects.get(slug=match.kwargs["slug"]).pk))
    return found


def render(client, path):
    response = client.get(path)
    if response.status_code != 200:
        sys.exit(f"{path} answered {response.status_code}")
    return response


def timed(client, path, repeat, before):
    """Milliseconds of ``repeat`` renders, ``before()`` run untimed before each."""
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        render(client, path)
        times.append((time.perf_counter() - started) * 1000)
    return times


def queries(client, path, before):
    before()
    with CaptureQueriesContext(connection) as captured:
        render(client, path)
    return len(captured)


def measure(paths, repeat, rounds=ROUNDS):
    """Each page's renders in ``rounds`` rounds of ``repeat``, every page in each round:
    the median of the best round ("ms"), and of all renders ("all ms").

    The best round, as timeit takes the best of its repeats: this machine's speed moves
    by half within seconds as other guests of its host run (a loop of pure Python took
    162 to 296 ms in three runs in a row), and a page measured in one stretch of a third
    of a second took whatever speed that stretch had. Rounds spread each page over the
    whole run; the slower rounds are the other work, not the page's."""
    from core.caching import retire

    client = Client(HTTP_HOST=HOST)
    kinds = {}
    for path in paths:
        for _ in range(3):  # templates compiled, what a change leaves cached filled
            render(client, path)
        kinds[path] = {"": lambda: None, "new post ": partial(retire, *new_post_topics(path))}
    times = {(path, kind): [] for path in paths for kind in kinds[path]}
    for _ in range(rounds):
        for path in paths:
            render(client, path)  # what the page before retired filled again
            for kind, before in kinds[path].items():
                times[path, kind].append(timed(client, path, repeat, before))
    results = {path: {} for path in paths}
    for (path, kind), each_round in times.items():
        render(client, path)
        results[path].update({
            f"{kind}ms": min(map(statistics.median, each_round)),
            f"{kind}all ms": statistics.median(sum(each_round, [])),
            f"{kind}queries": queries(client, path, kinds[path][kind]),
        })  # fmt: skip
    return results


def profile(path, repeat, order="cumulative"):
    client = Client(HTTP_HOST=HOST)
    for _ in range(3):
        render(client, path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        render(client, path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(order).print_stats(60)


if __name__ == "__main__":
    if sys.argv[1] == "--profile":
        path, *more = sys.argv[2:]
        profile(path, int(more[0]) if more else 50, *more[1:2])
    else:
        arguments, rounds = sys.argv[1:], ROUNDS
        if arguments[0] == "--rounds":
            rounds, arguments = int(arguments[1]), arguments[2:]
        print(json.dumps(measure(arguments[1:], int(arguments[0]), rounds)))
