"""Render times in one process: each page through Django's test client (every middleware,
no HTTP) with the whole-page cache off, as on a cache miss; the median of many renders
after a warm-up, and the queries one render makes.

Run in a site's environment with DJANGO_SETTINGS_MODULE=benchmarks.nocache_settings:
``python -m benchmarks.render_times REPEAT PATH...``; prints one JSON object,
{path: {"ms": median milliseconds, "queries": count}}. `make bench` runs it
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

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# The process as a server's worker starts it (config.wsgi: Django set up, start-up's
# objects frozen out of the garbage collector's sight).
import config.wsgi  # noqa: F401

# What the benchmark's servers answer to (benchmarks.server.environment).
HOST = "127.0.0.1"


def render(client, path):
    response = client.get(path)
    if response.status_code != 200:
        sys.exit(f"{path} answered {response.status_code}")
    return response


def measure(paths, repeat):
    client = Client(HTTP_HOST=HOST)
    results = {}
    for path in paths:
        for _ in range(3):  # templates compiled, what a change leaves cached filled
            render(client, path)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            render(client, path)
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            render(client, path)
        results[path] = {"ms": statistics.median(times) * 1000, "queries": len(queries)}
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
        print(json.dumps(measure(sys.argv[2:], int(sys.argv[1]))))
