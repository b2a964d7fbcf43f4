"""Lighthouse on the readers' main pages: `make lighthouse`. Prints the scores; exits 1
when a page is under the bar (CI runs it after the browser suite).

The site is served as `make serve` serves it (gunicorn, debug off, Django serving the
uploads) from a fresh database with the demo content and its pictures, and a discussion
on a post with a featured image. Lighthouse is the npm package (a devDependency), in
its default mobile configuration (Slow 4G, a slowed CPU), driving Debian's Chromium.
Each page is measured five times and the median of each figure kept, as Lighthouse's
own notes on variability advise (the median of five halves the spread of one run; three
let one busy moment on a shared CI machine fail a page); a run that fails to record a
trace is run again.

Then the weight of a post page without its pictures: the HTML, CSS and JavaScript the
browser fetches, gzip-compressed as any server or proxy in front of the site sends them.
"""

import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from benchmarks.server import (
    CHROMIUM,
    ROOT,
    discussion,
    environment,
    gunicorn,
    prepare_site,
    run_in_site,
)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best Practices",
    "seo": "SEO",
}
BAR = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
CLS_BAR = 0.02
WEIGHT_BAR = 50 * 1024
RUNS = 5
ATTEMPTS = 3

# A post with a featured image gets a discussion; its first tag is the tag page measured.
SETUP = (
    discussion('Post.objects.published().exclude(featured_image="").order_by("-published_at")[0]')
    + 'print(post.get_absolute_url(), post.tags.order_by("name")[0].slug)'
)


def pages(post_path, tag_slug):
    return {
        "home": "/",
        "post": post_path,
        "author": "/authors/saija-vuorinen/",
        "tag": f"/tags/{tag_slug}/",
        "search": "/search/?q=asiakaspalvelu",
    }


def lighthouse(url, workdir):
    """One Lighthouse report of ``url``, run again when Chromium failed to record it."""
    output = workdir / "report.json"
    for _attempt in range(ATTEMPTS):
        output.unlink(missing_ok=True)
        run = subprocess.run(
            [
                str(LIGHTHOUSE), url, f"--chrome-flags={CHROME_FLAGS}", "--output=json",
                f"--output-path={output}", "--quiet", "--max-wait-for-load=45000",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
        )  # fmt: skip
        report = json.loads(output.read_text()) if output.exists() else None
        if run.returncode == 0 and report and not report.get("runtimeError"):
            return report
        problem = (report or {}).get("runtimeError", {}).get("code", f"exit {run.returncode}")
        print(f"  Lighthouse failed on {url} ({problem}); again.", file=sys.stderr)
    sys.exit(f"Lighthouse could not measure {url}:\n{run.stderr[-2000:]}")


def scores(report, noindex_allowed):
    figures = {key: report["categories"][key]["score"] for key in CATEGORIES}
    if noindex_allowed:
        # A search page keeps itself out of the index on purpose: SEO without that audit.
        figures["seo"] = _score_without(report, "seo", "is-crawlable")
    figures["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    figures["lcp"] = report["audits"]["largest-contentful-paint"]["numericValue"]
    return figures


def _score_without(report, category, audit_id):
    refs = [ref for ref in report["categories"][category]["auditRefs"] if ref["id"] != audit_id]
    weighted = [
        (ref["weight"], report["audits"][ref["id"]]["score"])
        for ref in refs
        if ref["weight"] and report["audits"][ref["id"]]["score"] is not None
    ]
    return sum(weight * score for weight, score in weighted) / sum(w for w, _ in weighted)


def failing_audits(report, category):
    refs = report["categories"][category]["auditRefs"]
    return [
        f"{ref['id']} ({report['audits'][ref['id']].get('displayValue') or 'failed'})"
        for ref in refs
        if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
    ]


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.found.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.found.append(attributes["src"])


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def page_weight(base, path):
    """``(raw, compressed)`` bytes of the page's HTML, CSS and JavaScript."""
    html = fetch(base + path)
    assets = _Assets()
    assets.feed(html.decode())
    bodies = [html, *(fetch(base + asset) for asset in assets.found)]
    return sum(map(len, bodies)), sum(len(gzip.compress(body, 6)) for body in bodies)


def main():
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: make install-dev installs it (npm ci).")
    if not Path(CHROMIUM).exists():
        sys.exit("Chromium is missing: make e2e installs it (apt-get install chromium).")
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        env = environment(
            workdir / "site.sqlite3",
            MEDIA_ROOT=str(workdir / "media"),
            DJANGO_SERVE_MEDIA="1",
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        )
        prepare_site(env, pictures=True)
        post_path, tag_slug = run_in_site(SETUP, env).split()
        results, failures = {}, []
        with gunicorn(env, workers=2) as url:
            for name, path in pages(post_path, tag_slug).items():
                reports = [lighthouse(url + path, workdir) for _run in range(RUNS)]
                runs = [scores(report, noindex_allowed=name == "search") for report in reports]
                results[name] = {
                    key: statistics.median(run[key] for run in runs) for key in runs[0]
                }
                for key, bar in BAR.items():
                    if results[name][key] < bar:
                        worst = min(reports, key=lambda report: report["categories"][key]["score"])
                        failures.append(
                            f"{name}: {CATEGORIES[key]} {results[name][key] * 100:.0f} < "
                            f"{bar * 100:.0f}: {', '.join(failing_audits(worst, key))}"
                        )
                if results[name]["cls"] >= CLS_BAR:
                    failures.append(f"{name}: layout shift {results[name]['cls']:.3f}")
            raw, compressed = page_weight(url, post_path)
        version = reports[0]["lighthouseVersion"]
    print(f"Lighthouse {version}, mobile (Slow 4G, slowed CPU), median of {RUNS} runs per page")
    print()
    print("| page | Performance | Accessibility | Best Practices | SEO | CLS | LCP |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, figures in results.items():
        cells = [f"{figures[key] * 100:.0f}" for key in CATEGORIES]
        cells += [f"{figures['cls']:.3f}", f"{figures['lcp'] / 1000:.1f} s"]
        print(f"| {name} | {' | '.join(cells)} |")
    print()
    print(
        f"Post page without its pictures (HTML, CSS, JavaScript): {raw / 1024:.1f} KB, "
        f"{compressed / 1024:.1f} KB compressed (bar {WEIGHT_BAR // 1024} KB)."
    )
    if compressed >= WEIGHT_BAR:
        failures.append(f"post page weighs {compressed / 1024:.1f} KB compressed")
    if failures:
        print("\nUnder the bar:\n- " + "\n- ".join(failures))
        sys.exit(1)
    print("Every page is at or over the bar.")


if __name__ == "__main__":
    main()
