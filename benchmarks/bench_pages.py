"""Page benchmark: `make bench`. Prints figures; asserts nothing.

For each database (SQLite, and PostgreSQL with Redis when their URLs are given) it fills a
fresh database with 1,000 posts, 100 tags and 5,000 comments, serves it with gunicorn (2
workers, debug off) on a local port and loads each page with wrk over real HTTP: with the
whole-page cache on (the normal configuration), then off (every request renders its page).
Each server also serves a bare Django view through the same middleware, the ceiling; every
page's rate is printed next to it as a share of that ceiling.

Each page is also rendered in one process, page cache off (benchmarks/render_times.py),
on that database and on a larger one (10,000 posts): the median time of the best of five
rounds of every page, and the queries, as a change to what the page shows leaves it and
as a new post on its lists does.
After the cached run, one pending comment is approved, and the benchmark counts how many of
the pages a reader had cached are still served from the cache.

With PostgreSQL and Redis it also runs the site as two app machines: two gunicorn servers,
each from its own copy of the project, sharing the database and the cache, with the load
split between them and the Host header a load balancer would send. Besides their rates it
measures the burst after a change: many readers asking for one page at once on both
servers, the renders counted (X-Cache: miss), with the render lock and without it.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

from benchmarks.server import (
    ROOT,
    environment,
    gunicorn,
    manage,
    postgres_database,
    prepare_site,
    read_page,
    run_in_site,
    working_copy,
)

FILL = """
import random
import django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag, TaggedItem
from authors.models import Author
from blog.models import Post, PostAuthor
from comments.models import Comment
from core import text_analysis
from django.contrib.auth import get_user_model
import sys, datetime, json

posts_wanted, comments_wanted, tags_wanted = map(int, sys.argv[1:4])
rng = random.Random(1000)
bodies = [p.body for p in Post.objects.all()] or ["Kappale."]
users = get_user_model().objects.bulk_create(
    get_user_model()(username=f"kirjoittaja{n}") for n in range(10)
)
authors = []
for n, user in enumerate(users):
    author = Author(user=user, display_name=f"Kirjoittaja {n}", bio="Kirjoittaa *työstä*.")
    author.save()
    authors.append(author)
tags = Tag.objects.bulk_create(Tag(name=f"aihe {n}", slug=f"aihe-{n}") for n in range(tags_wanted))
now = timezone.now()
# Each body is rendered and analysed once; its posts share what that gave (a title's own
# search terms aside): 10,000 posts fill in seconds, not in minutes.
DERIVED = ["body_html", "summary", "reading_time", "search_text", "search_body", "search_extra"]
prepared = {}
posts = []
for n in range(posts_wanted):
    post = Post(
        title=f"Kirjoitus numero {n}",
        slug=f"kirjoitus-numero-{n}",
        body=rng.choice(bodies),
        status="published",
        published_at=now - datetime.timedelta(hours=n + 1),
    )
    if post.body not in prepared:
        post.prepare()
        prepared[post.body] = post
    for field in DERIVED:
        setattr(post, field, getattr(prepared[post.body], field))
    post.search_title = " ".join(text_analysis.terms(post.title))
    posts.append(post)
Post.objects.bulk_create(posts, batch_size=200)
PostAuthor.objects.bulk_create(
    PostAuthor(post=post, author=rng.choice(authors), position=0) for post in posts
)
post_type = ContentType.objects.get_for_model(Post)
TaggedItem.objects.bulk_create(
    TaggedItem(content_type=post_type, object_id=post.pk, tag=tag)
    for post in posts
    for tag in rng.sample(tags, 3)
)
def comment(n, post, parent=None):
    made = Comment(
        post=post, parent=parent, name=f"Lukija {n}", email=f"lukija{n}@example.com",
        body="Hyvä kirjoitus, **kiitos**!", status="approved",
    )
    made.body_html = "<p>Hyvä kirjoitus, <strong>kiitos</strong>!</p>"
    return made

# The newest post has a busy discussion: 40 comments and 10 replies to them.
busiest = posts[0]
threads = Comment.objects.bulk_create(comment(n, busiest) for n in range(40))
Comment.objects.bulk_create(comment(40 + n, busiest, threads[n]) for n in range(10))
Comment.objects.bulk_create(
    (comment(n, rng.choice(posts[1:])) for n in range(50, comments_wanted)), batch_size=500
)
# One comment waits for moderation, on a post in the middle of the blog.
waiting = comment(comments_wanted, posts[len(posts) // 2])
waiting.status = "pending"
waiting.save()
# The planner's statistics, and on PostgreSQL the visibility map that lets a count read
# an index alone, as a live database has them: autovacuum makes both a while after a bulk
# load. Measured before that, the plans are not the site's (a count of 10,000 posts read
# the whole table: 14 ms instead of 2).
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        # The site's tables: the server's own catalogue is its owner's to vacuum.
        tables = connection.introspection.table_names(cursor)
        cursor.execute("VACUUM ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
    else:
        cursor.execute("ANALYZE")
month = timezone.localtime(busiest.published_at)
print(json.dumps({
    "post": busiest.get_absolute_url(),
    "author": authors[0].get_absolute_url(),
    "tag": f"/tags/{tags[0].slug}/",
    "month": f"/archive/{month.year}/{month.month:02d}/",
    "year": f"/archive/{month.year}/",
    # Pages a reader may have in the cache: posts, tags, authors and archive months, and
    # the page of the post whose comment is approved.
    "sample": sorted({
        waiting.post.get_absolute_url(),
        *(post.get_absolute_url() for post in rng.sample(posts, 40)),
        *(f"/tags/{tag.slug}/" for tag in rng.sample(tags, min(20, len(tags)))),
        *(author.get_absolute_url() for author in authors),
        *(
            f"/archive/{at.year}/{at.month:02d}/"
            for at in (timezone.localtime(post.published_at) for post in posts)
        ),
    }),
}))
"""


CEILING = "/bench/ceiling/"
TARGETS = {"uncached": 0.10, "cached": 0.80, "render ms": 8}


# Behind a load balancer every machine is asked for the site by its one name.
SITE_HOST = "127.0.0.1"
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * UNITS_MS[unit]


def load(urls, seconds, connections):
    """wrk against each of ``urls`` at once, the connections split between them: the rates
    added up, the slower server's latencies (in ms) and the failures of all."""
    share = max(1, connections // len(urls))
    wrk = ["wrk", "-t2", f"-c{share}", f"-d{seconds}s", "--latency", "-H", f"Host: {SITE_HOST}"]
    runs = [subprocess.Popen([*wrk, url], stdout=subprocess.PIPE, text=True) for url in urls]
    outputs = [run.communicate()[0] for run in runs]
    if any(run.returncode for run in runs):
        sys.exit(f"wrk failed:\n{outputs}")
    figures = {"rate": 0.0, "p50": 0.0, "p99": 0.0, "errors": 0}
    for result in outputs:
        figures["rate"] += float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
        for name in ("p50", "p99"):
            latency = re.search(rf"{name[1:]}%\s+([\d.]+\w+)", result).group(1)
            figures[name] = max(figures[name], milliseconds(latency))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
        figures["errors"] += int(errors.group(1)) if errors else 0
    return figures


def rates(bases, pages, options):
    """{page name: wrk figures} over the servers at ``bases``, the ceiling included."""
    figures = {}
    for name, path in [("ceiling", CEILING), *pages]:
        urls = [f"{base}{path}" for base in bases]
        load(urls, 1, options.connections)  # warm up: templates compiled, cache filled
        figures[name] = load(urls, options.seconds, options.connections)
    return figures


def fill(env, posts, options):
    """Migrate and fill the database of ``env`` with ``posts`` posts (and comments and tags
    in proportion); returns the paths to measure (FILL)."""
    prepare_site(env)
    filled = subprocess.run(
        [sys.executable, "-c", FILL, str(posts), str(posts * options.comments // options.posts),
         str(options.tags)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if filled.returncode:
        sys.exit(f"filling the database failed:\n{filled.stderr}")
    return json.loads(filled.stdout)


def loaded_pages(paths):
    """The pages loaded over HTTP."""
    return [
        ("/", "/"),
        ("post", paths["post"]),
        ("tag", paths["tag"]),
        ("author", paths["author"]),
        ("atom feed", "/feeds/atom/"),
    ]


def every_page(paths):
    """Every kind of public page, rendered in one process."""
    return [
        ("/", "/"),
        ("/?page=2", "/?page=2"),
        ("post, 50 comments", paths["post"]),
        ("tag", paths["tag"]),
        ("author", paths["author"]),
        ("month", paths["month"]),
        ("year", paths["year"]),
        ("all tags", "/tags/"),
        ("all authors", "/authors/"),
        # A word in every title: the newest 500 posts ranked.
        ("search", "/search/?q=kirjoitus"),
        # A word in four posts of ten: more posts read to find the newest 500.
        ("search, a common word", "/search/?q=esimies"),
        # A misspelt word: nothing found, the nearest word offered.
        ("search, misspelt", "/search/?q=kirjoitsu"),
        ("atom feed", "/feeds/atom/"),
        ("rss feed", "/feeds/rss/"),
        ("json feed", "/feeds/json/"),
        ("tag feed", f"{paths['tag']}feed/"),
        ("author feed", f"{paths['author']}feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("posts sitemap", "/sitemap-posts.xml"),
    ]


def render_times(env, pages, options):
    """{page name: {"ms", "all ms", "queries"}, and the same for a new post}: each page
    rendered in one process (render_times)."""
    timed = subprocess.run(
        [sys.executable, "-m", "benchmarks.render_times", "--rounds", str(options.rounds),
         str(options.renders),
         *(path for _name, path in pages)],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "benchmarks.nocache_settings"},
        capture_output=True, text=True,
    )  # fmt: skip
    if timed.returncode:
        sys.exit(f"rendering in one process failed:\n{timed.stderr}")
    times = json.loads(timed.stdout)
    return {name: times[path] for name, path in pages}


# One comment approved through the write path the admin's action takes.
APPROVE = """
from comments.models import Comment
Comment.objects.pending().set_status(Comment.Status.APPROVED)
"""


# A new post as the admin saves one: by the first writer, on the first tag.
NEW_POST = """
from authors.models import Author
from blog.models import Post, PostAuthor
post = Post.objects.create(title="Uusi kirjoitus", body="Kappale.", status="published")
PostAuthor.objects.create(post=post, author=Author.objects.get(slug="kirjoittaja-0"), position=0)
post.tags.add("aihe 0")
"""


def survival(base, paths, env, change):
    """(still cached, cached before) of the sample's pages, around ``change`` (code run in
    the site)."""
    urls = [f"{base}{path}" for _name, path in every_page(paths)]
    urls += [f"{base}{path}" for path in paths["sample"]]
    for url in urls:
        read_page(url, SITE_HOST)
    before = sum(read_page(url, SITE_HOST)[1] == "hit" for url in urls)
    run_in_site(change, env)
    time.sleep(1.05)  # every process has read the new versions
    return sum(read_page(url, SITE_HOST)[1] == "hit" for url in urls), before


def measure(env, pages, options, paths=None):
    """wrk figures of ``pages`` on one server; with ``paths``, also how many cached pages
    survive one approved comment, then one new post."""
    with gunicorn(env, workers=options.workers) as base:
        figures = rates([base], pages, options)
        if paths is not None:
            figures["survival"] = {
                "one approved comment": survival(base, paths, env, APPROVE),
                "one new post": survival(base, paths, env, NEW_POST),
            }
        return figures


def bench_database(label, env_for, options):
    """Fill the database that ``env_for(settings)`` points at, then measure both ways."""
    env = env_for("benchmarks.settings")
    paths = fill(env, options.posts, options)
    pages = loaded_pages(paths)
    print(f"{label}: measuring, about {2 * (len(pages) + 1) * (options.seconds + 1)} s",
          file=sys.stderr)  # fmt: skip
    results = {
        "renders": {options.posts: render_times(env, every_page(paths), options)},
        "uncached": measure(env_for("benchmarks.nocache_settings"), pages, options),
        "cached": measure(env, pages, options, paths),
    }
    results["survival"] = results["cached"].pop("survival")
    return pages, results


def renders_at(env, posts, options):
    """Render times on a database of its own with ``posts`` posts."""
    paths = fill(env, posts, options)
    return render_times(env, every_page(paths), options)


# A change readers see, made outside the servers: the page cache retires every page.
CHANGE = """
import time
from blog.models import Post
post = Post.objects.published().latest("published_at")
post.excerpt = f"Muutettu {time.time()}"
post.save()
"""


def burst(bases, path, readers, env):
    """Change the content, then ``readers`` readers of ``path`` at once, spread over the
    servers: how many renders they cost and how long the last one waited."""
    run_in_site(CHANGE, env)
    time.sleep(1.05)  # every process has read the new content version
    urls = [f"{bases[n % len(bases)]}{path}" for n in range(readers)]
    with ThreadPoolExecutor(max_workers=readers) as pool:
        answers = list(pool.map(lambda url: read_page(url, SITE_HOST), urls))
    return {
        "renders": sum(cache == "miss" for _status, cache, _page, _seconds in answers),
        "failed": sum(status != 200 for status, *_rest in answers),
        "slowest": max(seconds for *_rest, seconds in answers) * 1000,
    }


@contextmanager
def two_servers(envs, folders, settings, options):
    """The two machines, each with ``options.workers`` workers; yields their base URLs."""
    with ExitStack() as stack:
        yield [
            stack.enter_context(
                gunicorn(
                    {**env, "DJANGO_SETTINGS_MODULE": settings},
                    workers=options.workers,
                    folder=folder,
                )
            )
            for env, folder in zip(envs, folders, strict=True)
        ]


def bench_two_machines(env, pages, workdir, options):
    """The filled database of ``env`` (PostgreSQL, Redis) served by two app machines."""
    folders = [working_copy(workdir / name) for name in ("machine-a", "machine-b")]
    if options.media:
        # No shared disk: what the change uploads (its social card) goes to the bucket.
        env = {**env, "MEDIA_STORAGE_URL": options.media}
    envs = [{**env, "PYTHONPATH": str(folder)} for folder in folders]
    for machine_env, folder in zip(envs, folders, strict=True):
        manage(["collectstatic", "--noinput", "--verbosity", "0"], machine_env, folder=folder)
    paths = {"/": "/", "post": dict(pages)["post"]}
    print("two machines: measuring, about 3 minutes", file=sys.stderr)
    results = {"bursts": {}}
    with two_servers(envs, folders, "benchmarks.settings", options) as bases:
        results["cached"] = rates(bases, pages, options)
        for name, path in paths.items():
            results["bursts"][name] = {"lock": burst(bases, path, options.burst, env)}
    with two_servers(envs, folders, "benchmarks.nocache_settings", options) as bases:
        results["uncached"] = rates(bases, pages, options)
    with two_servers(envs, folders, "benchmarks.nolock_settings", options) as bases:
        for name, path in paths.items():
            results["bursts"][name]["no lock"] = burst(bases, path, options.burst, env)
    return results


def print_table(label, results):
    print(f"\n{label}")
    print(
        f"{'page':<10} | {'cached req/s':>12} {'p50':>8} {'p99':>8} {'ceiling':>7} "
        f"| {'uncached req/s':>14} {'p50':>8} {'p99':>8} {'ceiling':>7} | errors"
    )
    for name in results["cached"]:
        cells, errors = [], 0
        for mode in ("cached", "uncached"):
            row = results[mode][name]
            share = row["rate"] / results[mode]["ceiling"]["rate"]
            width = 12 if mode == "cached" else 14
            cells.append(
                f"{row['rate']:>{width},.0f} {row['p50']:>6.1f}ms {row['p99']:>6.1f}ms "
                f"{share:>7.0%}"
            )
            errors += row["errors"]
        print(f"{name:<10} | {cells[0]} | {cells[1]} | {errors}")
    if "bursts" in results:
        print_bursts(results["bursts"])
    else:
        print(verdicts(results))


def print_bursts(bursts):
    print(
        f"\nthe burst after a change | {'renders':>7} {'slowest':>9} | "
        f"{'without the lock: renders':>25} {'slowest':>9} | failed"
    )
    for name, runs in bursts.items():
        locked, unlocked = runs["lock"], runs["no lock"]
        print(
            f"{name:<24} | {locked['renders']:>7} {locked['slowest']:>7.0f}ms | "
            f"{unlocked['renders']:>25} {unlocked['slowest']:>7.0f}ms | "
            f"{locked['failed'] + unlocked['failed']}"
        )


def verdicts(results):
    def slowest(mode):
        return min(
            results[mode][name]["rate"] / results[mode]["ceiling"]["rate"]
            for name in results[mode]
            if name != "ceiling"
        )

    lines = []
    for text, value, target in (
        ("slowest uncached page", slowest("uncached"), TARGETS["uncached"]),
        ("slowest cached page", slowest("cached"), TARGETS["cached"]),
    ):
        verdict = "met" if value >= target else "NOT met"
        lines.append(f"  {text}: {value:.0%} of the ceiling (target {target:.0%}): {verdict}")
    for change, (still, before) in results["survival"].items():
        lines.append(
            f"  cached pages still cached after {change}: {still} of {before} "
            f"({still / before:.0%})"
        )
    return "\n".join(lines)


def print_renders(runs, rounds):
    """The in-process render times of every run, side by side: the page retired by a change
    to what it shows, then the first render after a new post on its lists."""
    columns = [(label, posts, times) for label, renders in runs for posts, times in renders.items()]
    for kind, heading in [
        ("", "its list of posts kept (a comment, an edit)"),
        ("new post ", "the first render after a new post on its lists"),
    ]:
        print(
            "\nIn one process (Django's test client, every middleware, no whole-page cache), "
            f"{heading}: median render time of the best of {rounds} rounds (every page in each)"
            f" and queries; target under {TARGETS['render ms']} ms"
        )
        print(
            f"{'page':<18} | "
            + " | ".join(f"{label} {posts:>6,}".rjust(17) for label, posts, _ in columns)
        )
        for name in columns[0][2]:
            cells = (
                f"{times[name][kind + 'ms']:>8.1f} ms {times[name][kind + 'queries']:>2} q"
                for *_, times in columns
            )
            print(f"{name:<18} | " + " | ".join(f"{cell:>17}" for cell in cells))
        for label, posts, times in columns:
            name, worst = max(times.items(), key=lambda item: item[1][kind + "ms"])
            verdict = "met" if worst[kind + "ms"] < TARGETS["render ms"] else "NOT met"
            every = max(each[kind + "all ms"] for each in times.values())
            print(
                f"  {label} {posts:,} posts: slowest {name}, {worst[kind + 'ms']:.1f} ms: {verdict}"
                f" (median of every round, slowest page: {every:.1f} ms)"
            )


def empty_redis(options):
    if options.redis:
        import redis

        redis.Redis.from_url(options.redis).flushdb()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--tags", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--burst", type=int, default=40, help="readers asking for one page at once after a change"
    )
    parser.add_argument(
        "--big",
        type=int,
        default=10_000,
        help="posts of the larger blog rendered in one process (0: none)",
    )
    parser.add_argument(
        "--renders", type=int, default=30, help="renders per page in each round, in one process"
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="rounds of renders of every page, in one process"
    )
    database_url = os.environ.get("DATABASE_URL", "")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=database_url if database_url.startswith("postgres") else None,
        help="a PostgreSQL server whose user may create databases (the benchmark makes "
        "its own and drops it); default: DATABASE_URL when it is PostgreSQL; without "
        "one, SQLite only",
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        default=os.environ.get("REDIS_URL") or None,
        help="a Redis for benchmarks only, used with PostgreSQL: it is emptied first "
        "(default: REDIS_URL)",
    )
    parser.add_argument(
        "--media",
        metavar="URL",
        default=os.environ.pop("MEDIA_STORAGE_URL", None),
        help="MEDIA_STORAGE_URL of a bucket for the two machines' uploads (default: "
        "MEDIA_STORAGE_URL); the runs on one machine keep theirs in a folder",
    )
    options = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as workdir:
        database = Path(workdir) / "bench.sqlite3"
        _pages, results = bench_database(
            "SQLite", lambda settings: environment(database, settings), options
        )
        runs.append(("SQLite, cache in files (one machine, the default)", results))
        renders = [("SQLite", results.pop("renders"))]
        if options.big:
            big = environment(Path(workdir) / "big.sqlite3", "benchmarks.settings")
            renders[0][1][options.big] = renders_at(big, options.big, options)
        if options.postgres:
            empty_redis(options)
            extra = {"REDIS_URL": options.redis} if options.redis else {}
            with postgres_database(options.postgres, "blog_bench") as url:

                def env_for(settings):
                    return environment(Path(workdir) / "pg", settings, database_url=url, **extra)

                pages, results = bench_database("PostgreSQL", env_for, options)
                renders.append(("PostgreSQL", results.pop("renders")))
                cache = "Redis" if options.redis else "cache in files"
                runs.append((f"PostgreSQL, {cache} (the scale-out path)", results))
                if options.redis:
                    runs.append(
                        (
                            f"Two app machines (PostgreSQL, Redis): two gunicorn servers of "
                            f"{options.workers} workers, each from its own copy of the site, "
                            f"the load split between them; bursts of {options.burst} readers",
                            bench_two_machines(
                                env_for("benchmarks.settings"), pages, Path(workdir), options
                            ),
                        )
                    )
            if options.big:
                # The cache of the database measured before would answer for this one.
                empty_redis(options)
                with postgres_database(options.postgres, "blog_bench_big") as url:
                    big = environment(
                        Path(workdir) / "pg-big", "benchmarks.settings", database_url=url, **extra
                    )
                    renders[1][1][options.big] = renders_at(big, options.big, options)
    print(
        f"\nPage benchmark: {options.posts:,} posts, {options.comments:,} comments, "
        f"{options.tags} tags; gunicorn {options.workers} sync workers, debug off; "
        f"wrk -t2 -c{options.connections} -d{options.seconds}s after a 1 s warm-up; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. 'ceiling': a bare "
        "Django view through the same middleware; each page's share of it is next to it."
    )
    for label, results in runs:
        print_table(label, results)
    print_renders(renders, options.rounds)


if __name__ == "__main__":
    main()
