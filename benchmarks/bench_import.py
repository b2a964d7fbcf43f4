"""Import benchmark: `make bench-import`. Prints figures; asserts nothing.

Builds a corpus of generated posts from the shipped sources (varied titles, authors and
dates, half WordPress and half Blogger text), imports it into a fresh SQLite database with
`import_posts --fixture-out`, then loads that fixture with `loaddata` into another fresh
database. Each step runs in its own process, so wall time and peak memory (max RSS) are
the process's own. A second, smaller corpus shows whether memory grows with the corpus.

Then the same for a generated WordPress export (WXR) of the same posts with five reader
comments each (threads included): posts and comments per second, peak memory, and the
Python heap at both sizes.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "fixtures" / "sources"
WEEKDAYS = "maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai".split()
MONTHS = (
    "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta "
    "elokuuta syyskuuta lokakuuta marraskuuta joulukuuta"
).split()
FIRST_NAMES = "Saija Marjaana Riina Aino Eero Helmi Ilkka Juha Kaisa Leena Mikko Noora".split()
LAST_NAMES = "Vuorinen Jokinen Michelsson Korhonen Virtanen Mäkinen Nieminen Hämäläinen".split()
BYLINE = re.compile(r"^\S*?Kirjoittaja\s")


def seed_posts():
    """(title, body lines) of the WordPress seed, the raw material for the corpus."""
    lines = (SOURCES / "wordpress-hr-blog.txt").read_text(encoding="utf-8").splitlines()
    posts, current = [], None
    for line in lines:
        if current is None:
            if line.strip(" \u00a0") and line.strip() != "Advertisement":
                current = (line, [])
        elif BYLINE.match(line.replace("\u00a0", " ")):
            posts.append(current)
            current = None
        else:
            current[1].append(line)
    return posts


def write_corpus(folder, count, seed=2015):
    rng = random.Random(seed)
    posts = seed_posts()
    half = count // 2
    with open(folder / "corpus-wordpress.txt", "w", encoding="utf-8") as out:
        for number in range(half):
            title, body = rng.choice(posts)
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            out.write(f"{title} ({number})\n\n" + "\n".join(body))
            out.write(f"\n\nKirjoittaja {name} on kirjoittaja numero {number % 97}.\n\n")
    with open(folder / "corpus-blogger.txt", "w", encoding="utf-8") as out:
        for number in range(count - half):
            title, body = rng.choice(posts)
            year, month, day = rng.randint(2008, 2025), rng.randint(1, 12), rng.randint(1, 28)
            out.write(f"{rng.choice(WEEKDAYS)} {day}. {MONTHS[month - 1]} {year}\n\n")
            out.write(f"{title.upper()} {number}\n\n" + "\n".join(body) + "\n\n")
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            out.write(f"Lähettänyt {name} klo {rng.randint(7, 22)}.{rng.randint(0, 59):02d}\n\n")
            out.write(f"Tunnisteet: vuosi {year}, aihe {number % 40}\n\n")


WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Tiimiblogi</title><link>https://tiimiblogi.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
"""
COMMENTS_PER_POST = 5


def _cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_wxr(path, count, seed=2015):
    """A WordPress export of ``count`` posts, each with five comments (two replies)."""
    rng = random.Random(seed)
    posts = seed_posts()
    logins = [f"{first.lower()}{number}" for number, first in enumerate(FIRST_NAMES)]
    with open(path, "w", encoding="utf-8") as out:
        out.write(WXR_HEAD)
        for login, first in zip(logins, FIRST_NAMES, strict=True):
            out.write(
                f"<wp:author><wp:author_login>{login}</wp:author_login><wp:author_email>"
                f"{login}@tiimiblogi.example</wp:author_email><wp:author_display_name>"
                f"{_cdata(first + ' ' + rng.choice(LAST_NAMES))}</wp:author_display_name>"
                "</wp:author>\n"
            )
        comment_id = 0
        for number in range(count):
            title, body = rng.choice(posts)
            day = f"{rng.randint(2008, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            slug = f"kirjoitus-{number}"
            comments = []
            for index in range(COMMENTS_PER_POST):
                comment_id += 1
                parent = comment_id - 1 if index in (1, 3) else 0
                comments.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>{_cdata(rng.choice(FIRST_NAMES))}</wp:comment_author>"
                    f"<wp:comment_author_email>lukija{comment_id}@example.com"
                    "</wp:comment_author_email><wp:comment_author_IP>192.0.2.7"
                    f"</wp:comment_author_IP><wp:comment_date_gmt>{day} 1{index}:00:00"
                    f"</wp:comment_date_gmt><wp:comment_content>"
                    f"{_cdata(rng.choice(body[:20] or ['Hyvä kirjoitus.']))}"
                    "</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
                    f"<wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}"
                    "</wp:comment_parent></wp:comment>"
                )
            out.write(
                f"<item><title>{_cdata(f'{title} ({number})')}</title>"
                f"<link>https://tiimiblogi.example/{day.replace('-', '/')}/{slug}/</link>"
                f"<dc:creator>{rng.choice(logins)}</dc:creator>"
                f'<guid isPermaLink="false">https://tiimiblogi.example/?p={number + 1}</guid>'
                f"<content:encoded>{_cdata(chr(10).join(body))}</content:encoded>"
                f"<excerpt:encoded></excerpt:encoded><wp:post_id>{number + 1}</wp:post_id>"
                f"<wp:post_date_gmt>{day} 09:00:00</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="aihe-{number % 40}">'
                f"aihe {number % 40}</category>"
                f'<category domain="post_tag" nicename="vuosi-{day[:4]}">vuosi {day[:4]}'
                f"</category>{''.join(comments)}</item>\n"
            )
        out.write("</channel></rss>\n")


HEAP_PROBE = """
import sys, tracemalloc, django
django.setup()
from importing.loader import Importer
from importing.sources import expand_paths
tracemalloc.start()
Importer(list_posts=False).run(expand_paths([sys.argv[1]])[0])
print(tracemalloc.get_traced_memory()[1])
"""


def environment(database):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{database}",
    }


def heap_peak(folder, database):
    """Peak Python heap (MiB) of an import, measured apart: tracemalloc slows it down."""
    result = subprocess.run(
        [sys.executable, "-c", HEAP_PROBE, str(folder)],
        cwd=ROOT,
        env=environment(database),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.split()[-1]) / 2**20


def run(args, database):
    """Run manage.py ``args`` on ``database``; return (seconds, peak RSS in MiB)."""
    env = environment(database)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        sys.exit(f"manage.py {' '.join(args)} failed with status {status}")
    return seconds, usage.ru_maxrss / 1024


def measure(count, workdir):
    folder = workdir / f"corpus-{count}"
    folder.mkdir()
    write_corpus(folder, count)
    imported, loaded = workdir / f"import-{count}.sqlite3", workdir / f"load-{count}.sqlite3"
    fixture = workdir / f"fixture-{count}.json"
    for database in (imported, loaded):
        run(["migrate", "--verbosity", "0"], database)
    import_time, import_rss = run(
        ["import_posts", str(folder), "--fixture-out", str(fixture), "--verbosity", "0"], imported
    )
    load_time, load_rss = run(["loaddata", str(fixture), "--verbosity", "0"], loaded)
    probe = workdir / f"heap-{count}.sqlite3"
    run(["migrate", "--verbosity", "0"], probe)
    return {
        "heap": heap_peak(folder, probe),
        "posts": count,
        "corpus_mib": sum(p.stat().st_size for p in folder.iterdir()) / 2**20,
        "import_rate": count / import_time,
        "import_rss": import_rss,
        "load_rate": count / load_time,
        "load_rss": load_rss,
    }


def measure_wxr(count, workdir):
    export = workdir / f"export-{count}.xml"
    write_wxr(export, count)
    database = workdir / f"wxr-{count}.sqlite3"
    run(["migrate", "--verbosity", "0"], database)
    seconds, rss = run(["import_posts", str(export), "--verbosity", "0"], database)
    probe = workdir / f"wxr-heap-{count}.sqlite3"
    run(["migrate", "--verbosity", "0"], probe)
    return {
        "posts": count,
        "export_mib": export.stat().st_size / 2**20,
        "post_rate": count / seconds,
        "comment_rate": count * COMMENTS_PER_POST / seconds,
        "rss": rss,
        "heap": heap_peak(export, probe),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--wxr-small", type=int, default=1_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        results = [measure(n, Path(workdir)) for n in (options.small, options.posts)]
        exports = [measure_wxr(n, Path(workdir)) for n in (options.wxr_small, options.posts)]
    print(f"\nImport benchmark ({os.cpu_count()} cores, SQLite in WAL mode)")
    print(f"{'posts':>7} {'corpus':>9} {'import posts/s':>15} {'loaddata posts/s':>17} "
          f"{'ratio':>6} {'import RSS':>11} {'loaddata RSS':>13} {'import heap':>12}")  # fmt: skip
    for r in results:
        print(
            f"{r['posts']:>7} {r['corpus_mib']:>7.1f}MiB {r['import_rate']:>15.0f} "
            f"{r['load_rate']:>17.0f} {r['import_rate'] / r['load_rate']:>6.2f} "
            f"{r['import_rss']:>8.0f}MiB {r['load_rss']:>10.0f}MiB {r['heap']:>9.1f}MiB"
        )
    small, large = results
    growth = (large["import_rss"] - small["import_rss"]) / (large["posts"] - small["posts"])
    print(
        f"\nratio = import rate / loaddata rate (target: at least 1.00).\n"
        f"Import RSS grows {growth * 1024:.1f} KiB per extra post "
        f"({large['corpus_mib'] / large['posts'] * 2**10:.1f} KiB of source text per post); "
        f"the Python heap peak (tracemalloc, a separate run) goes from {small['heap']:.1f} to "
        f"{large['heap']:.1f} MiB."
    )
    print(f"\nWordPress export (WXR), {COMMENTS_PER_POST} comments per post")
    print(f"{'posts':>7} {'comments':>9} {'export':>9} {'posts/s':>8} {'comments/s':>11} "
          f"{'text posts/s':>13} {'RSS':>7} {'heap':>8}")  # fmt: skip
    text_rate = large["import_rate"]
    for r in exports:
        print(
            f"{r['posts']:>7} {r['posts'] * COMMENTS_PER_POST:>9} {r['export_mib']:>6.1f}MiB "
            f"{r['post_rate']:>8.0f} {r['comment_rate']:>11.0f} {text_rate:>13.0f} "
            f"{r['rss']:>4.0f}MiB {r['heap']:>5.1f}MiB"
        )
    print(
        "Targets: WXR posts/s no lower than the text import's; the heap about the same at "
        "both sizes."
    )


if __name__ == "__main__":
    main()
