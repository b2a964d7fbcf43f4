"""Page benchmark: `make bench-pages`. Prints figures; asserts nothing.

Fills a fresh SQLite database with 1,000 posts, 100 tags and 5,000 comments, serves it
with gunicorn (2 workers, debug off) on a local port, and loads each page with wrk over
real HTTP: first with the anonymous page cache on (the normal configuration), then with
caching off (every request renders the page and queries the database).
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.server import ROOT, environment, gunicorn, prepare_site

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
    return rate, p50, p99, int(errors.group(1)) if errors else 0


def serve_and_measure(database, pages, caching, seconds, connections):
    settings = "config.settings" if caching else "benchmarks.nocache_settings"
    with gunicorn(environment(database, settings)) as base:
        rows = []
        for name, path in pages:
            url = f"{base}{path}"
            load(url, 1, connections)  # warm up: templates compiled, cache filled
            rows.append((name, *load(url, seconds, connections)))
        return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--tags", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    options = parser.parse_args()
    random.seed(0)
    with tempfile.TemporaryDirectory() as workdir:
        database = Path(workdir) / "bench.sqlite3"
        env = environment(database)
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
        results = {
            caching: serve_and_measure(
                database, pages, caching, options.seconds, options.connections
            )
            for caching in (True, False)
        }
    print(
        f"\nPage benchmark: {options.posts} posts, {options.comments} comments, {options.tags} "
        f"tags; gunicorn 2 workers, SQLite; wrk -t2 -c{options.connections} "
        f"-d{options.seconds}s on {os.cpu_count()} cores"
    )
    print(f"{'page':<10} {'':>8} {'req/s':>9} {'p50':>9} {'p99':>9} {'errors':>7}")
    for caching, label in ((True, "cached"), (False, "uncached")):
        for name, rate, p50, p99, errors in results[caching]:
            print(f"{name:<10} {label:>8} {rate:>9.0f} {p50:>9} {p99:>9} {errors:>7}")


if __name__ == "__main__":
    main()
