"""Every page a reader or a writer in each role can open speaks her language, and only it.

The content is Latin, so that whatever English or Finnish a page shows comes from the
software: our templates, forms and messages, and the third-party apps in our admin.
"""

import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from reversion.models import Version

from blog.models import Post
from comments.models import BlockedTerm, Comment
from core.models import Redirect
from tests.authoring import edit
from tests.commenting import open_form, send
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.test_import_posts import import_posts
from tests.test_wxr_reading import export

pytestmark = pytest.mark.django_db

SITE_NAME = "Ephemeris Latina"

# Words of the software's own, never of Latin content; whole words, case kept.
ENGLISH = set(
    """the and of to with for from your this that these has have are was were not
    Add Change Delete Save History Search Filter Recover Revert Access Author Authors
    Editor Contributor Featured Title Body Comment Comments Published Draft Scheduled
    Status Date Image Select Yes View Home Welcome Password Show Hide Today Now Choose
    Clear Remove Changed Added Deleted Preview Bold Italic Link Heading Quote List Bio
    Name Email Website Tags Tag Excerpt Reply Approve Approved Pending Spam Blocked
    Redirect Redirects Users Groups Group Permissions Staff Superuser Active Joined
    Action Go selected Import Note Notes Posts Post Latest Older Newer Next Previous
    Skip content read reading minutes words attempts failures logs""".split()
)
FINNISH = set(
    """ja tai kirjoitus kirjoitukset kirjoituksen kommentti kommentit kommenttia
    Tallenna Lisää Poista Muokkaa Haku Hae Etusivu Kirjoittaja Kirjoittajat Toimittaja
    Avustaja Luonnos Julkaistu Otsikko Teksti Kuva Tunnisteet Kyllä Ei lukuaika Näytä
    Piilota Muutettu Lisätty Poistettu Esikatselu sanaa Vastaa Hyväksy Nimi Sähköposti
    Kirjaudu Tervetuloa Salasana Käyttäjä Ryhmät Siirry Uusimmat Historia Palauta
    versio""".split()
)
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Attributes whose text a reader meets (tooltips, screen readers, buttons, the editor).
SPOKEN = ("title", "placeholder", "aria-label", "alt")
SKIPPED = ("/static/", "/media/", "/admin/logout/", "/i18n/", "/admin/jsi18n/")
LATIN = """<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>
[gallery ids="1,2"]<p>Sed do eiusmod tempor incididunt ut labore et dolore.</p>"""


def item(number, title, status, creator="gaia"):
    return f"""<item>
  <title><![CDATA[{title}]]></title>
  <dc:creator><![CDATA[{creator}]]></dc:creator>
  <guid isPermaLink="false">https://ephemeris.example/?p={number}</guid>
  <content:encoded><![CDATA[{LATIN}]]></content:encoded>
  <wp:post_id>{number}</wp:post_id>
  <wp:post_date_gmt><![CDATA[2015-10-29 10:00:00]]></wp:post_date_gmt>
  <wp:status><![CDATA[{status}]]></wp:status>
  <wp:post_type><![CDATA[post]]></wp:post_type>
  <category domain="post_tag" nicename="lorem"><![CDATA[lorem]]></category>
</item>"""


@pytest.fixture
def latin_blog(settings, tmp_path):
    settings.SITE_NAME = SITE_NAME
    people = {}
    for role, (first, last) in {
        "Contributor": ("Gaius", "Scriba"),
        "Author": ("Gaia", "Auctor"),
        "Editor": ("Marcus", "Redactor"),
    }.items():
        user = UserFactory(
            username=last.lower(), first_name=first, last_name=last, is_staff=True,
            email=f"{first.lower()}@ephemeris.example",
        )  # fmt: skip
        user.groups.add(Group.objects.get(name=role))
        people[role] = user
    people["superuser"] = UserFactory(
        username="praefectus", first_name="Titus", last_name="Praefectus",
        is_staff=True, is_superuser=True,
    )  # fmt: skip
    author = people["Author"].author_profile
    author.bio = "Lorem ipsum dolor sit amet."
    author.save()
    wxr = tmp_path / "ephemeris.WordPress.2026-11-30.xml"
    authors = """<wp:author><wp:author_login><![CDATA[gaia]]></wp:author_login>
<wp:author_email><![CDATA[gaia@ephemeris.example]]></wp:author_email>
<wp:author_display_name><![CDATA[Gaia Auctor]]></wp:author_display_name></wp:author>"""
    items = item(1, "Lorem ipsum", "publish") + item(2, "Dolor sit", "private")
    wxr.write_text(export(items=items, authors=authors))
    import_posts(wxr)
    published = Post.objects.get(title="Lorem ipsum")
    for status in Comment.Status:
        CommentFactory(post=published, name="Quintus", email="quintus@example.com",
                       body="Lorem ipsum, dolor.", status=status)  # fmt: skip
    PostFactory(title="Consectetur", body="Sed ut perspiciatis.", status="draft",
                published_at=None, authors=[people["Contributor"].author_profile])  # fmt: skip
    editor = Client()
    editor.force_login(people["Editor"])
    edit(editor, published, title="Lorem ipsum dolor", body="Lorem ipsum dolor sit.",
         tags="lorem", status="published", published_at_0="2015-10-29",
         published_at_1="12:00")  # fmt: skip
    doomed = PostFactory(title="Delenda", body="Carthago.", authors=[author])
    editor.post(f"/admin/blog/post/{doomed.pk}/delete/", {"post": "yes"})
    BlockedTerm.objects.create(value="viagra")
    Redirect.objects.create(old_path="/vetus/", new_path="/posts/lorem-ipsum/")
    Client().post("/admin/login/", {"username": "nemo", "password": "falsum"})
    return people


def spoken_text(html):
    """The text a reader meets on a page: what it shows and its spoken attributes."""
    tree = lxml.html.fromstring(html)
    for hidden in tree.xpath("//script | //style"):
        hidden.drop_tree()
    texts = [tree.text_content()]
    for attribute in SPOKEN:
        texts += tree.xpath(f"//@{attribute}")
    texts += tree.xpath("//meta[@name='description' or starts-with(@property, 'og:')]/@content")
    texts += tree.xpath("//input[@type='submit' or @type='button']/@value")
    for labels in tree.xpath("//@data-labels"):
        texts += json.loads(labels).values()
    return re.sub(r"\s+", " ", " ".join(texts).replace(SITE_NAME, " "))


def links(html, url):
    tree = lxml.html.fromstring(html)
    for address in tree.xpath("//a/@href | //link[@rel='alternate']/@href"):
        parts = urlsplit(urljoin(url, address))
        if parts.netloc in ("", "testserver") and parts.path:
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def shape(url):
    """One page of each kind: another id, filter or order does not make a new kind."""
    return re.sub(r"/\d+/", "/N/", url.partition("?")[0])


def crawl(client, start, inside):
    seen, queue, pages = set(), deque(start), {}
    while queue:
        url = queue.popleft()
        if shape(url) in seen or not url.startswith(inside) or url.startswith(SKIPPED):
            continue
        seen.add(shape(url))
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code not in (200, 404) or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = spoken_text(html)
        queue.extend(links(html, url))
    return pages


def foreign_words(pages, words):
    """For each page with a foreign word, the words and where each stands."""
    found = {}
    for url, text in pages.items():
        for match in WORD.finditer(text):
            if match.group() in words:
                where = text[max(match.start() - 40, 0) : match.end() + 40]
                found.setdefault(url, {}).setdefault(match.group(), where)
    return found


def reader(language):
    client = Client()
    if language == "en":
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def signed_in(user, language):
    client = reader(language)
    client.force_login(user)
    return client


def comment_pages(client):
    """What a commenter meets after sending: her form with its errors, then her comment."""
    post = Post.objects.get(title="Lorem ipsum dolor").get_absolute_url()
    action, hidden = open_form(client, post)
    refused = send(client, action, hidden, name="", email="nemo", body="")
    sent = send(client, action, hidden, name="Quintus", body="Lorem ipsum.")
    return {
        f"{post} (refused)": spoken_text(refused.content.decode()),
        f"{post} (sent)": spoken_text(client.get(sent["Location"]).content.decode()),
    }


def sign_in_pages(client, settings):
    """The sign-in form, its refusal, and the page of a lockout."""
    pages = {"/admin/login/": spoken_text(client.get("/admin/login/").content.decode())}
    wrong = {"username": "scriba", "password": "falsum"}
    refused = client.post("/admin/login/", wrong)
    pages["/admin/login/ (refused)"] = spoken_text(refused.content.decode())
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post("/admin/login/", wrong)
    assert locked.status_code == 429
    pages["/admin/login/ (locked)"] = spoken_text(locked.content.decode())
    return pages


@pytest.mark.parametrize("language", ["fi", "en"])
def test_signing_in_speaks_the_writers_language(latin_blog, language, settings):
    pages = sign_in_pages(reader(language), settings)
    foreign = ENGLISH if language == "fi" else FINNISH
    assert foreign_words(pages, foreign) == {}


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_public_pages_speak_the_readers_language(latin_blog, language, quick_comments):
    client = reader(language)
    pages = crawl(client, ["/", "/search/?q=lorem", "/search/?q=nihil", "/nihil/"], "/")
    assert len(pages) >= 9
    pages.update(comment_pages(client))
    foreign = ENGLISH if language == "fi" else FINNISH
    assert foreign_words(pages, foreign) == {}


@pytest.mark.parametrize(
    ("language", "one", "three", "date"),
    [
        ("fi", "1 kommentti", "3 kommenttia", "29. lokakuuta 2015"),
        ("en", "1 comment", "3 comments", "Oct. 29, 2015"),
    ],
)
def test_counts_and_dates_are_written_the_languages_way(
    latin_blog, language, one, three, date, django_capture_on_commit_callbacks
):
    post = Post.objects.get(title="Lorem ipsum dolor")
    client = reader(language)
    home = client.get("/").content.decode()
    assert one in home and date in home
    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory.create_batch(2, post=post, body="Lorem.")
    assert three in client.get("/").content.decode()


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize("role", ["Contributor", "Author", "Editor", "superuser"])
def test_every_admin_page_speaks_the_writers_language(latin_blog, role, language):
    client = signed_in(latin_blog[role], language)
    pages = crawl(client, ["/admin/", "/admin/password_change/"], "/admin/")
    assert len(pages) > 5
    # Pages no link leads to: a comparison of versions (a form asks for it), the merging
    # of tags (an action), and the message after a save.
    post = Post.objects.get(title="Lorem ipsum dolor")
    newer, older = Version.objects.get_for_object(post)[:2]
    compare = f"/admin/blog/post/{post.pk}/history/compare/"
    own = Post.objects.filter(authors__user=latin_blog[role]).first()
    if own is not None:
        edit(client, own, title=own.title + " novum")
    pages.update(
        crawl(
            client,
            [
                f"{compare}?version_id1={older.pk}&version_id2={newer.pk}",
                "/admin/taggit/tag/merge-tags/",
                "/admin/blog/post/",
            ],
            "/admin/",
        )
    )
    assert own is None or f"{own.title} novum" in pages["/admin/blog/post/"]
    foreign = ENGLISH if language == "fi" else FINNISH
    assert foreign_words(pages, foreign) == {}
