"""Page benchmark: `make bench`. Prints figures; asserts nothing.

For each database (SQLite, and PostgreSQL with Redis when their URLs are given) it fills a
fresh database with 1,000 posts, 100 tags and 5,000 comments, serves it with gunicorn (2
workers, debug off) on a local port and loads each page with wrk over real HTTP: with the
whole-page cache on (the normal configuration), then off (every request renders its page).
Each server also serves a bare Django view through the same middleware, the ceiling; every
page's rate is printed next to it as a share of that ceiling.
"""

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.server import ROOT, environment, gunicorn, postgres_database, prepare_site

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
from django.contrib.auth import get_user_model
import sys, datetime

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
posts = []
for n in range(posts_wanted):
    post = Post(
        title=f"Kirjoitus numero {n}",
        body=rng.choice(bodies),
        status="published",
        published_at=now - datetime.timedelta(hours=n + 1),
    )
    post.prepare(reserved_slugs={p.slug for p in posts})
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
comments = []
for n in range(comments_wanted):
    comment = Comment(
        post=rng.choice(posts), name=f"Lukija {n}", email=f"lukija{n}@example.com",
        body="Hyvä kirjoitus, **kiitos**!", status="approved",
    )
    comment.body_html = "<p>Hyvä kirjoitus, <strong>kiitos</strong>!</p>"
    comments.append(comment)
Comment.objects.bulk_create(comments, batch_size=500)
busiest = Post.objects.filter(pk=posts[0].pk).first()
print(busiest.get_absolute_url(), authors[0].get_absolute_url(), f"/tags/{tags[0].slug}/")
"""


CEILING = "/bench/ceiling/"
TARGETS = {"uncached post": 0.25, "cached": 0.80}


def load(url, seconds, connections):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", result).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", result).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
    return {"rate": rate, "p50": p50, "p99": p99, "errors": int(errors.group(1)) if errors else 0}


def measure(env, pages, options):
    """{page name: wrk figures} for one server, the ceiling included."""
    with gunicorn(env, workers=options.workers) as base:
        figures = {}
        for name, path in [("ceiling", CEILING), *pages]:
            url = f"{base}{path}"
            load(url, 1, options.connections)  # warm up: templates compiled, cache filled
            figures[name] = load(url, options.seconds, options.connections)
        return figures


def bench_database(label, env_for, options):
    """Fill the database that ``env_for(settings)`` points at, then measure both ways."""
    env = env_for("benchmarks.settings")
    prepare_site(env)
    fill = subprocess.run(
        [sys.executable, "-c", FILL, str(options.posts), str(options.comments),
         str(options.tags)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    post, author, tag = fill.stdout.split()
    pages = [
        ("/", "/"),
        ("post", post),
        ("tag", tag),
        ("author", author),
        ("atom feed", "/feeds/atom/"),
    ]
    print(f"{label}: measuring, about {2 * (len(pages) + 1) * (options.seconds + 1)} s",
          file=sys.stderr)  # fmt: skip
    return {
        "cached": measure(env, pages, options),
        "uncached": measure(env_for("benchmarks.nocache_settings"), pages, options),
    }


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
                f"{row['rate']:>{width},.0f} {row['p50']:>8} {row['p99']:>8} {share:>7.0%}"
            )
            errors += row["errors"]
        print(f"{name:<10} | {cells[0]} | {cells[1]} | {errors}")
    print(verdicts(results))


def verdicts(results):
    def share(mode, name):
        return results[mode][name]["rate"] / results[mode]["ceiling"]["rate"]

    uncached_post = share("uncached", "post")
    cached = min(share("cached", name) for name in results["cached"] if name != "ceiling")
    lines = []
    for text, value, target in (
        ("uncached post page", uncached_post, TARGETS["uncached post"]),
        ("slowest cached page", cached, TARGETS["cached"]),
    ):
        verdict = "met" if value >= target else "NOT met"
        lines.append(f"  {text}: {value:.0%} of the ceiling (target {target:.0%}): {verdict}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--tags", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
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
    options = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as workdir:
        database = Path(workdir) / "bench.sqlite3"
        runs.append(
            (
                "SQLite, cache in files (one machine, the default)",
                bench_database("SQLite", lambda settings: environment(database, settings), options),
            )
        )
        if options.postgres:
            if options.redis:
                import redis

                redis.Redis.from_url(options.redis).flushdb()
            extra = {"REDIS_URL": options.redis} if options.redis else {}
            with postgres_database(options.postgres, "blog_bench") as url:
                results = bench_database(
                    "PostgreSQL",
                    lambda settings: environment(
                        Path(workdir) / "pg", settings, database_url=url, **extra
                    ),
                    options,
                )
            cache = "Redis" if options.redis else "cache in files"
            runs.append((f"PostgreSQL, {cache} (the scale-out path)", results))
    print(
        f"\nPage benchmark: {options.posts:,} posts, {options.comments:,} comments, "
        f"{options.tags} tags; gunicorn {options.workers} sync workers, debug off; "
        f"wrk -t2 -c{options.connections} -d{options.seconds}s after a 1 s warm-up; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. 'ceiling': a bare "
        "Django view through the same middleware; each page's share of it is next to it."
    )
    for label, results in runs:
        print_table(label, results)


if __name__ == "__main__":
    main()
