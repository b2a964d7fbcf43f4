"""The readers' pages through axe-core (accessibility) and the Nu HTML Checker (markup);
the writers' admin pages through axe-core.

Both come from npm (devDependencies, installed by `make e2e`); the checker runs on Java.
The pages are checked as served: axe in Chromium in light and dark colours, the checker
on the HTML the server sent.
"""

import json
import shutil
import subprocess

import pytest

from benchmarks.server import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
POST = "/posts/empatiaa-ja-asiakaspalvelua-samassa-paketissa/"

PAGES = {
    "home": "/",
    "post": POST,
    # A WordPress text post: its source gave no date, and the page claims none.
    "dateless post": "/posts/esimies-muiden-silmin/",
    "author": "/authors/saija-vuorinen/",
    "authors": "/authors/",
    "tag": "/tags/empatia/",
    "tags": "/tags/",
    "search": "/search/?q=asiakaspalvelu",
    "archive year": "/archive/2015/",
    "archive month": "/archive/2015/10/",
    "not found": "/posts/ei-ole-olemassa/",
    "follow by email": "/follow/?author=saija-vuorinen",
    "comment form with errors": POST,
}
# Where authors and editors work.
ADMIN_PAGES = [
    "/admin/",
    "/admin/blog/post/",
    "/admin/blog/post/add/",
    "/admin/comments/comment/",
    "/admin/authors/author/",
    "/admin/core/redirect/",
]


def open_page(page, name):
    """Opens the page called ``name``; returns the HTML the server sent for it."""
    if name != "comment form with errors":
        return page.goto(PAGES[name]).text()
    page.goto(POST)
    page.fill("#id_name", "Liisa Lukija")
    page.fill("#id_email", "ei-osoite")
    page.fill("#id_body", "Hyvä kirjoitus.")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.click(".comment-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".comment-form .errorlist").count() > 0
    return answer.value.text()


def needed(path, how):
    assert path.exists(), f"{path} is missing: {how}"
    return path


def serious_violations(page):
    page.add_script_tag(path=needed(AXE, "make e2e installs it (npm ci)"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
    ]


# axe is injected as an inline script, which the site's CSP rightly refuses.
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violations(browse, name, scheme):
    page = browse(bypass_csp=True, color_scheme=scheme)
    open_page(page, name)
    serious = serious_violations(page)
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_writers_admin_page_has_no_serious_accessibility_violations(browse, path, scheme):
    page = browse("toimittaja", bypass_csp=True, color_scheme=scheme)
    page.goto(path)
    serious = serious_violations(page)
    assert not serious, "\n".join(serious)


def test_pages_are_valid_html(browse, tmp_path):
    vnu = needed(VNU, "make e2e installs it (npm ci)")
    java = shutil.which("java")
    assert java, "The Nu HTML Checker needs Java: make e2e installs it (apt-get)"
    page = browse()
    files = {}
    for name in PAGES:
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_text(open_page(page, name), encoding="utf-8")
        files[str(path)] = name
    checked = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [
        f"{files.get(message.get('url', '').removeprefix('file:'), message.get('url'))}"
        f":{message.get('lastLine')}: {message['message']} ({message.get('extract', '')!r})"
        for message in messages
        if message["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
    assert checked.returncode == 0, checked.stderr
