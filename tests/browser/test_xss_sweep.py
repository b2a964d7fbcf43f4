"""The XSS corpus in every field a user controls, every page that shows it opened in Chromium.

The site here has its own database: each payload is a post's title, body, excerpt and
image alt, a tag, an author's name, bio and links, a comment's and a reply's name, website
and text, a search query, a post, author and label of an imported Blogger text, and a
post (title, HTML, excerpt), category, tag, author and comment of a WordPress export. The
browser ignores the Content-Security-Policy, so what is checked is the markup itself: no
dialog opens, no script but ours is on the page, no element carries an event handler or
a script URL.
"""

import html
import http.client
import json
from urllib.parse import quote, urlsplit

import pytest

from tests.browser.conftest import CREATE_STAFF, serve_site
from tests.browser.hostile_content import blogger_source, wordpress_export
from tests.test_feed_safety import what_a_reader_shows
from tests.xss_payloads import ALL

SEED = "from tests.browser.hostile_content import seed; seed()"
IMPORT = """
from django.core.management import call_command
call_command("import_posts", {path!r}, format={format!r}, verbosity=0)
"""

# URLs are read by the browser's own parser, so a scheme is found exactly as a click or a
# load would find it.
FIND_INJECTED = """() => {
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "poster",
    "background", "data", "lowsrc", "dynsrc", "ping", "cite"];
  const runsScript = (url) => {
    let protocol;
    try { protocol = new URL(url, document.baseURI).protocol; } catch (error) { return false; }
    return ["javascript:", "vbscript:", "livescript:"].includes(protocol)
      || (protocol === "data:" && !/^\\s*data:image\\/(png|jpeg|gif|webp)[;,]/i.test(url));
  };
  for (const element of document.querySelectorAll("*")) {
    const tag = element.localName;
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.push(`<${tag} ${name}>`);
      const urls = name === "srcset"
        ? attribute.value.split(",").map((candidate) => candidate.trim().split(/\\s+/)[0])
        : urlAttributes.includes(name) ? [attribute.value] : [];
      if (urls.some(runsScript)) found.push(`<${tag} ${name}="${attribute.value.slice(0, 60)}">`);
    }
    if (["iframe", "frame", "object", "embed", "applet", "base"].includes(tag)) {
      found.push(`<${tag}>`);
    }
    if (tag === "meta" && element.getAttribute("http-equiv")) {
      found.push(`<meta http-equiv="${element.getAttribute("http-equiv")}">`);
    }
    if (tag === "script") {
      const type = (element.getAttribute("type") || "").toLowerCase();
      if (type === "application/ld+json" || type === "application/json") {
        try { JSON.parse(element.textContent); }
        catch (error) { found.push(`<script type="${type}"> that is not JSON`); }
      } else if (!element.src || new URL(element.src).origin !== location.origin) {
        found.push(`<script>${element.textContent.slice(0, 60)}`);
      }
    }
  }
  return found;
}"""

PAGES = """
import json
from django.core.paginator import Paginator
from django.urls import reverse
from taggit.models import Tag
from authors.models import Author
from blog.models import Post
from blog.views import PostListView
from comments.models import Comment
posts = Post.objects.published()
print(json.dumps({
    "posts": [post.get_absolute_url() for post in posts],
    "home_pages": Paginator(posts, PostListView.paginate_by).num_pages,
    "tags": [reverse("blog:tag", args=[tag.slug]) for tag in Tag.objects.all()],
    "tag_feeds": [reverse("blog:tag_feed", args=[tag.slug]) for tag in Tag.objects.all()],
    "authors": [author.get_absolute_url() for author in Author.objects.public()],
    "months": sorted({reverse("blog:archive_month", args=[d.year, d.month])
                      for d in posts.filter(date_unknown=False).dates("published_at", "month")}),
    "hostile_posts": list(
        posts.filter(authors__user__username__startswith="hostile").values_list("pk", flat=True)
    ),
    "reply_forms": [
        f"{comment.post.get_absolute_url()}?replytocom={comment.pk}"
        for comment in Comment.objects.filter(parent=None).select_related("post")
    ],
}))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hostile-site")
    source = workdir / "blogger.txt"
    source.write_text(blogger_source(), encoding="utf-8")
    export = workdir / "wordpress.xml"
    export.write_text(wordpress_export(), encoding="utf-8")
    setup = [
        SEED,
        IMPORT.format(path=str(source), format="blogger"),
        IMPORT.format(path=str(export), format="wxr"),
        CREATE_STAFF,
    ]
    with serve_site(workdir, *setup) as served:
        served.pages = json.loads(served.python(PAGES))
        yield served


def sweep(page, paths, before_check=None):
    """Opens each path; returns what it found wrong, by path."""
    wrong = {}
    for path in paths:
        response = page.goto(path)
        found = [] if response.status == 200 else [f"HTTP {response.status}"]
        if before_check:
            before_check(page)
        found += page.evaluate(FIND_INJECTED)
        if found:
            wrong[path] = found
    assert page.watch.dialogs == [], f"dialogs opened: {page.watch.dialogs[:5]}"
    return wrong


def test_every_payload_is_in_the_seeded_and_imported_content(site):
    assert len(ALL) >= 100
    counts = json.loads(
        site.python(
            "import json\n"
            "from blog.models import Post\n"
            "from comments.models import Comment\n"
            "print(json.dumps([Post.objects.filter(title__startswith='Tuotu ').count(),"
            " Post.objects.filter(title__startswith='Viety ').count(),"
            " Comment.objects.filter(import_key=None).count(),"
            " Comment.objects.exclude(import_key=None).count()]))"
        )
    )
    assert counts == [len(ALL), len(ALL), 2 * len(ALL), 2 * len(ALL)]
    assert blogger_source().count("Lähettänyt ") == len(ALL)


def test_posts_and_their_comments_run_no_injected_script(browse, site):
    page = browse(bypass_csp=True)
    assert sweep(page, site.pages["posts"]) == {}
    # Answering a comment puts its writer's name in the form's heading.
    assert sweep(page, site.pages["reply_forms"]) == {}


def test_lists_archives_and_feeds_run_no_injected_script(browse, site):
    page = browse(bypass_csp=True)
    pages = site.pages
    paths = [f"/?page={number}" for number in range(1, pages["home_pages"] + 1)]
    paths += ["/tags/", "/authors/", "/feeds/atom/", "/feeds/rss/", *pages["months"]]
    paths += pages["tags"] + pages["tag_feeds"]
    assert sweep(page, paths) == {}


def as_a_feed_reader_shows(feed):
    """A page of what a feed reader puts on screen: HTML as HTML, the rest as text."""
    shown = [
        value if is_html else html.escape(value) for is_html, value in what_a_reader_shows(feed)
    ]
    articles = "".join(f"<article>{value}</article>" for value in shown)
    return f"<!doctype html><title>Syöte</title><body>{articles}</body>"


def test_feeds_as_a_feed_reader_shows_them_run_no_injected_script(browse, site):
    page = browse(bypass_csp=True)
    authors = site.pages["authors"]
    feeds = [
        "/feeds/atom/",
        "/feeds/rss/",
        *site.pages["tag_feeds"],
        *[f"{a}feed/" for a in authors],
    ]
    # On the site's own address, so that relative URLs in the entries resolve as in a reader.
    page.goto("/robots.txt")
    wrong = {}
    for path in feeds:
        page.set_content(as_a_feed_reader_shows(page.request.get(path).body()))
        found = page.evaluate(FIND_INJECTED)
        if found:
            wrong[path] = found
    assert page.watch.dialogs == [], f"dialogs opened: {page.watch.dialogs[:5]}"
    assert wrong == {}


def test_author_pages_run_no_injected_script(browse, site):
    page = browse(bypass_csp=True)
    authors = site.pages["authors"]
    assert sweep(page, authors + [f"{path}feed/" for path in authors]) == {}


def test_search_for_each_payload_runs_no_injected_script(browse, site):
    page = browse(bypass_csp=True)
    assert sweep(page, [f"/search/?q={quote(payload)}" for payload in ALL]) == {}


def show_preview(page):
    with page.expect_response("**/admin/blog/post/preview/") as answer:
        page.click(".editor-toolbar button.preview")
    assert answer.value.ok
    html = answer.value.json()["html"]
    page.wait_for_function(
        "html => document.querySelector('.editor-preview-full').innerHTML === html", arg=html
    )


def test_admin_lists_and_editor_previews_run_no_injected_script(browse, site):
    editor = browse("toimittaja", bypass_csp=True)
    lists = [
        "/admin/blog/post/?all=",
        "/admin/comments/comment/?all=",
        "/admin/authors/author/?all=",
        "/admin/taggit/tag/?all=",
    ]
    assert sweep(editor, lists) == {}
    forms = [f"/admin/blog/post/{pk}/change/" for pk in site.pages["hostile_posts"]]
    assert sweep(editor, forms, before_check=show_preview) == {}


def test_the_imported_exports_old_addresses_answer_301_over_http(site):
    """Asked of the running server as a browser or a search engine would, unfollowed."""
    host = urlsplit(site.url).netloc
    for old in ("/2010/06/01/viety-0/", "/?p=1", "/category/kategoria-0/"):
        connection = http.client.HTTPConnection(host, timeout=10)
        connection.request("GET", old)
        answer = connection.getresponse()
        new = answer.getheader("Location")
        connection.close()
        assert answer.status == 301, old
        connection = http.client.HTTPConnection(host, timeout=10)
        connection.request("GET", new)
        assert connection.getresponse().status == 200, new
        connection.close()
