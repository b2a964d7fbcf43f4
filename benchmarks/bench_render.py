"""Render benchmark: `make bench-render`. Prints figures; asserts nothing.

For each kind of Markdown the site stores (comments, bios, posts, and so previews and
imports, which go through the same allowlists), renders every hostile body of
``benchmarks.hostile_markdown`` at that kind's maximum length, and prints the worst times
next to plain text of the same length. Each time is the best of three, in this process.
"""

import argparse
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
django.setup()

from benchmarks.hostile_markdown import hostile_bodies  # noqa: E402
from core.rendering import BIO, COMMENT, POST, render_markdown  # noqa: E402

TARGET_MS = 50
KINDS = {"comment": COMMENT, "bio": BIO, "post": POST}
PLAIN = "Työelämässä esimies kuuntelee tiimiään ja kysyy, mitä kuuluu. "


def best_ms(text, allowlist, repeats):
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        render_markdown(text, allowlist)
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--worst", type=int, default=3, help="the slowest bodies to list per kind")
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    arguments = parser.parse_args()

    print(f"Worst render of hostile Markdown at each kind's maximum length (target {TARGET_MS} ms)")
    render_markdown(PLAIN, POST)  # imports and compiled patterns, outside the figures
    for label in arguments.kinds:
        allowlist = KINDS[label]
        length = allowlist.max_length
        plain = best_ms((PLAIN * (length // len(PLAIN) + 1))[:length], allowlist, arguments.repeats)
        timed = sorted(
            (
                (best_ms(text, allowlist, arguments.repeats), name)
                for name, text in hostile_bodies(length)
            ),
            reverse=True,
        )
        worst, worst_name = timed[0]
        verdict = "within" if worst < TARGET_MS else "OVER"
        print(
            f"\n{label}: {length:,} characters, {len(timed)} bodies; plain text {plain:.1f} ms; "
            f"worst {worst:.1f} ms ({worst_name}), {worst / plain:.1f} x plain, {verdict} target"
        )
        for milliseconds, name in timed[: arguments.worst]:
            print(f"  {milliseconds:8.1f} ms  {name}")


if __name__ == "__main__":
    main()
