"""The public site with the shipped demo content: every URL, feeds, markup, search."""

import datetime
import importlib
import json
import re
from http import HTTPStatus

import feedparser
import mf2py
import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from blog.models import Post
from blog.sitemaps import AuthorSitemap, PostSitemap, TagSitemap
from core.bootstrap import load_demo_content
from core.caching import SITE, forget_read_versions, versions
from core.models import SiteIdentity
from tests.factories import AuthorFactory, CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

FACILITATION = "/posts/paras-hyoty-irti-tiimityosta-lisaa-fasilitointitaitoja-tyopaikalle-kiitos/"
EMPATHY = "/posts/empatiaa-ja-asiakaspalvelua-samassa-paketissa/"


@pytest.fixture
def demo():
    assert load_demo_content(extras=False)


def get(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        FACILITATION,
        EMPATHY,
        "/authors/",
        "/authors/saija-vuorinen/",
        "/authors/saija-vuorinen/feed/",
        "/tags/",
        "/tags/asiakaspalvelu/",
        "/tags/asiakaspalvelu/feed/",
        "/archive/2015/",
        "/archive/2015/10/",
        "/search/?q=fasilitointi",
        "/feeds/atom/",
        "/feeds/rss/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_every_url_serves_the_demo_content(client, demo, url):
    get(client, url)


def test_home_lists_posts_with_everything_a_reader_scans(client, demo):
    html = get(client, "/")
    assert html.count('class="h-entry post-summary card') == 7
    assert "Esimies muiden silmin" in html
    assert 'href="/authors/riina-michelsson/"' in html
    assert 'href="/tags/esimiestyo/"' in html
    assert "min read" in html or "min lukuaika" in html
    assert "0 comments" in html or "0 kommenttia" in html


def test_dates_are_in_finnish(client, demo):
    assert "29. lokakuuta 2015" in get(client, "/posts/miten-sinustakin-tulee-can-do-tyyppi/")


def test_author_page_is_a_full_profile_with_its_feed(client, demo):
    from authors.models import Author

    Author.objects.filter(slug="saija-vuorinen").update(
        location="Tampere", website="https://saija.example", linkedin="https://linkedin.example/s"
    )
    html = get(client, "/authors/saija-vuorinen/")
    assert '<p class="p-locality">Tampere</p>' in html
    assert '<a class="u-url" rel="me" href="https://saija.example">' in html
    assert 'href="https://linkedin.example/s">LinkedIn</a>' in html
    assert 'type="application/atom+xml" title="Saija Vuorinen' in html
    assert html.count('class="h-entry post-summary card') == 2


def test_post_page_has_author_box_tags_navigation_and_related(client, demo):
    html = get(client, FACILITATION)
    assert 'class="author-box h-card"' in html
    assert "Saija Vuorinen on fasilitoiva HR-kumppani" in html
    assert 'class="p-category" href="/tags/fasilitointi/"' in html
    assert 'rel="prev"' in html or 'rel="next"' in html
    assert 'class="related-posts"' in html


def neighbour_links(html):
    """{"prev": title, "next": title} of the post page's links on to the posts beside it."""
    found = re.findall(r'rel="(prev|next)" href="[^"]+">.*?class="nav-title">([^<]+)<', html)
    return dict(found)


def test_a_post_links_to_the_posts_readers_see_just_before_and_after_it(client):
    now = timezone.now()

    def post(title, days_ago, **fields):
        return PostFactory(
            title=title, published_at=now - datetime.timedelta(days=days_ago), **fields
        )

    first, middle, last = post("Ensimmäinen", 30), post("Keskimmäinen", 20), post("Viimeinen", 10)
    post("Luonnos", 25, status=Post.Status.DRAFT)
    post("Luonnos myöhemmin", 15, status=Post.Status.DRAFT)
    post("Ajastettu", -5)
    assert neighbour_links(get(client, middle.get_absolute_url())) == {
        "prev": "Ensimmäinen",
        "next": "Viimeinen",
    }
    assert neighbour_links(get(client, first.get_absolute_url())) == {"next": "Keskimmäinen"}
    assert neighbour_links(get(client, last.get_absolute_url())) == {"prev": "Keskimmäinen"}


def test_post_page_is_an_h_entry(client, demo):
    post = Post.objects.get(slug="empatiaa-ja-asiakaspalvelua-samassa-paketissa")
    post.set_authors([AuthorFactory(display_name="Riina Michelsson", slug="riina-m")])
    html = get(client, EMPATHY)
    parsed = mf2py.parse(doc=html, url="http://testserver" + EMPATHY)
    (entry,) = [item for item in parsed["items"] if "h-entry" in item["type"]]
    props = entry["properties"]
    assert props["name"] == [post.title]
    author = props["author"][0]
    assert author["type"] == ["h-card"]
    assert author["properties"]["url"] == ["http://testserver/authors/riina-m/"]
    published = datetime.datetime.fromisoformat(props["published"][0])
    assert published == datetime.datetime(2015, 10, 23, 9, 0, tzinfo=datetime.UTC)
    assert sorted(props["category"]) == sorted(t.name for t in post.tags.all())
    assert props["content"][0]["html"] == post.body_html


def test_list_pages_are_an_h_feed(client, demo):
    parsed = mf2py.parse(doc=get(client, "/"), url="http://testserver/")
    (feed,) = [item for item in parsed["items"] if "h-feed" in item["type"]]
    assert len(feed["children"]) == 7
    assert all("h-entry" in child["type"] for child in feed["children"])


def test_post_page_has_json_ld_and_social_meta(client, demo):
    # The fixture's posts come without social cards, as imported ones do: the worker
    # draws them.
    Post.objects.draw_stale_social_cards()
    html = get(client, "/posts/miten-sinustakin-tulee-can-do-tyyppi/")
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == 'Miten sinustakin tulee "CAN DO" -tyyppi?'
    assert data["datePublished"].startswith("2015-10-29T")
    assert data["url"] == "http://testserver/posts/miten-sinustakin-tulee-can-do-tyyppi/"
    assert "osaaminen" in data["keywords"]
    assert "dateModified" in data
    assert (
        '<link rel="canonical" href="http://testserver/posts/miten-sinustakin-tulee-can-do-tyyppi/">'
        in html
    )
    assert '<meta property="og:title" content="Miten sinustakin tulee &quot;CAN DO&quot;' in html
    # No featured image: the card drawn for the post stands in for one.
    post = Post.objects.get(slug="miten-sinustakin-tulee-can-do-tyyppi")
    assert not post.featured_image
    card = post.social_card.url
    card = card if card.startswith("http") else f"http://testserver{card}"
    assert f'<meta property="og:image" content="{card}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta name="description" content="Kokeileminen on oma taiteenlajinsa' in html


def test_json_ld_cannot_break_out_of_its_script(client):
    PostFactory(title="</script><script>alert(1)</script>", body="x")
    html = get(client, Post.objects.get().get_absolute_url())
    assert "</script><script>alert(1)" not in html


def test_head_links_the_feeds(client, demo):
    html = get(client, "/tags/asiakaspalvelu/")
    assert 'type="application/atom+xml"' in html and 'href="/feeds/atom/"' in html
    assert 'type="application/rss+xml"' in html and 'href="/feeds/rss/"' in html
    assert 'href="/tags/asiakaspalvelu/feed/"' in html


def test_atom_feed_has_full_content(client, demo):
    feed = feedparser.parse(get(client, "/feeds/atom/"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Työelämän tiimiblogi"
    assert len(feed.entries) == 7
    entry = next(e for e in feed.entries if e.link.endswith(FACILITATION))
    post = Post.objects.get(slug__startswith="paras-hyoty")
    assert entry.content[0].value == post.body_html
    assert entry.summary == post.summary
    assert entry.author == "Saija Vuorinen"
    assert {tag.term for tag in entry.tags} == {t.name for t in post.tags.all()}
    # A WordPress text post: its source gave no date, so the feed claims none.
    assert post.date_unknown
    assert "published" not in entry and entry.updated_parsed


def test_rss_feed_has_full_content(client, demo):
    feed = feedparser.parse(get(client, "/feeds/rss/"))
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 7
    entry = next(e for e in feed.entries if e.link.endswith(EMPATHY))
    assert entry.description == Post.objects.get(slug=EMPATHY.split("/")[2]).body_html
    assert entry.published_parsed[:3] == (2015, 10, 23)


def test_author_and_tag_feeds_hold_only_their_posts(client, demo):
    author = feedparser.parse(get(client, "/authors/riina-michelsson/feed/"))
    assert len(author.entries) == 2
    assert all(e.author == "Riina Michelsson" for e in author.entries)
    tag = feedparser.parse(get(client, "/tags/fasilitointi/feed/"))
    assert [e.title for e in tag.entries] == [
        "Paras hyöty irti tiimityöstä? – Lisää fasilitointitaitoja työpaikalle, kiitos!"
    ]


def test_sitemap_and_robots(client, demo):
    index = get(client, "/sitemap.xml")
    sections = re.findall(r"<loc>http://testserver(/sitemap-\w+\.xml)</loc>", index)
    assert sorted(sections) == [
        f"/sitemap-{name}.xml" for name in ("authors", "pages", "posts", "tags")
    ]
    # The index says when the posts last changed, so that a crawler reads only that file.
    assert re.search(r"sitemap-posts\.xml</loc>\s*<lastmod>", index)
    files = {section: get(client, section) for section in sections}
    assert sum(xml.count("<url>") for xml in files.values()) == 7 + 3 + 3 + 10
    posts = files["/sitemap-posts.xml"]
    assert "<loc>http://testserver/posts/esimies-muiden-silmin/</loc>" in posts
    assert "<lastmod>" in posts
    robots = client.get("/robots.txt")
    assert robots["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


def test_a_sitemap_past_its_limit_goes_on_in_a_second_file(client, demo, monkeypatch):
    # 50,000 addresses a file at most, as the protocol allows; here 4, to see it with the
    # demo. A file holds the posts of 4 ids, so that an edit rewrites one file alone.
    monkeypatch.setattr(PostSitemap, "limit", 4)
    published = Post.objects.published()
    files = max(published.values_list("pk", flat=True)) // 4 + 1
    assert files > 1
    index = get(client, "/sitemap.xml")
    assert f"<loc>http://testserver/sitemap-posts.xml?p={files}</loc>" in index
    assert f"sitemap-posts.xml?p={files + 1}<" not in index
    found = [
        re.findall(r"/posts/([^/<]+)/</loc>", get(client, f"/sitemap-posts.xml?p={page}"))
        for page in range(1, files + 1)
    ]
    assert all(len(slugs) <= 4 for slugs in found)
    assert sorted(sum(found, [])) == sorted(published.values_list("slug", flat=True))
    assert client.get(f"/sitemap-posts.xml?p={files + 1}").status_code == HTTPStatus.NOT_FOUND
    assert PostSitemap.__mro__[2].limit == 50_000


def test_the_index_counts_the_files_of_the_tags_and_authors_readers_can_open(
    client, demo, monkeypatch
):
    monkeypatch.setattr(TagSitemap, "limit", 4)
    monkeypatch.setattr(AuthorSitemap, "limit", 2)
    # Drafts alone give a tag no page: it is not counted.
    PostFactory(status=Post.Status.DRAFT, tags=["luonnos"])
    index = get(client, "/sitemap.xml")
    # 10 tags readers can open, 4 a file; 3 authors, 2 a file.
    assert "sitemap-tags.xml?p=3</loc>" in index and "sitemap-tags.xml?p=4<" not in index
    assert "sitemap-authors.xml?p=2</loc>" in index and "sitemap-authors.xml?p=3<" not in index
    tags = [get(client, f"/sitemap-tags.xml?p={page}").count("<url>") for page in (1, 2, 3)]
    assert tags == [4, 4, 2]


def test_tags_page_counts_posts(client, demo):
    html = get(client, "/tags/")
    assert re.search(
        r'href="/tags/asiakaspalvelu/">asiakaspalvelu</a> <span class="count">\(2\)', html
    )
    linked = re.findall(
        r'<li><a href="([^"]+)">', html.split('class="tag-list"')[1].split("</ul>")[0]
    )
    assert linked == [
        reverse("blog:tag", args=[slug])
        for slug in Tag.objects.filter(taggit_taggeditem_items__isnull=False)
        .distinct()
        .order_by(Lower("name"))
        .values_list("slug", flat=True)
    ]


def test_tags_page_escapes_a_tags_name(client):
    PostFactory(tags=['<script>alert("x")</script> & muut'])
    html = get(client, "/tags/")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; muut</a>" in html


def test_tags_page_without_tags_says_so(client):
    PostFactory()
    tag_list = get(client, "/tags/").split('class="tag-list"')[1].split("</ul>")[0]
    assert "<li>Ei vielä aiheita.</li>" in tag_list


def test_archives_and_month_list(client, demo):
    html = get(client, "/archive/2015/10/")
    assert html.count('class="h-entry post-summary card') == 2
    # The archive lists the months, without counts: a new post would change them on every
    # page, and every cached page would retire with it.
    assert re.search(r'href="/archive/2015/10/">lokakuu 2015</a></li>', html)
    assert client.get("/archive/2014/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/archive/2015/13/").status_code == HTTPStatus.NOT_FOUND


def test_posts_with_unknown_date_are_not_filed_in_archives(client, demo):
    year = timezone.now().year
    assert client.get(f"/archive/{year}/").status_code == HTTPStatus.NOT_FOUND


def test_search_finds_finnish_inflections_and_highlights(client, demo):
    html = get(client, "/search/?q=fasilitointi")
    assert "Paras hyöty irti tiimityöstä?" in html
    assert "<mark>fasilitoin" in html
    assert "1 result" in html or "1 tulos" in html


def test_search_matches_without_diacritics(client, demo):
    assert "Esimies muiden silmin" in get(client, "/search/?q=tyotyytyvaisyyskysely")


@pytest.mark.parametrize(
    "query", ["", "   ", "x" * 201, '"*" OR NEAR(', "!!! ???", "<script>", "a" * 200, "é"]
)
def test_odd_searches_are_answered_calmly(client, demo, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_over_long_search_says_what_to_do(client):
    assert "at most 200 characters" in get(client, "/search/?q=" + "x" * 201) or (
        "enintään 200" in get(client, "/search/?q=" + "x" * 201)
    )


def test_search_escapes_the_content_it_highlights(client):
    PostFactory(title="<b>HTML</b> otsikossa fasilitointi", body="Tekstiä <i>tässä</i>.")
    html = get(client, "/search/?q=fasilitointi")
    assert "&lt;b&gt;HTML&lt;/b&gt;" in html


def test_not_found_page_offers_search_and_the_newest_posts(client):
    PostFactory(title="Vanha kirjoitus", published_at=timezone.now() - datetime.timedelta(days=9))
    newest = PostFactory(title="Uusin kirjoitus")
    PostFactory(title="Luonnos", status=Post.Status.DRAFT)
    response = client.get("/ei-ole-olemassa/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'id="search-not-found" type="search" name="q"' in html
    assert html.index("Uusin kirjoitus") < html.index("Vanha kirjoitus")
    assert f'href="{newest.get_absolute_url()}"' in html
    assert "Luonnos" not in html


# Visibility: drafts, scheduled posts and unapproved comments appear nowhere.

DRAFT, SCHEDULED, SECRET = "Salainen luonnos", "Tuleva ajastettu", "Odottava kommentti"


@pytest.fixture
def hidden(demo):
    tagged = ["asiakaspalvelu", "piilotagi"]
    author = AuthorFactory(display_name="Piilo Kirjoittaja")
    PostFactory(
        title=DRAFT, status="draft", body="fasilitointi luonnos", tags=tagged, authors=[author]
    )
    PostFactory(
        title=SCHEDULED,
        body="fasilitointi ajastettu",
        published_at=timezone.now() + datetime.timedelta(days=2),
        tags=tagged,
        authors=[author],
    )
    post = Post.objects.get(slug="esimies-muiden-silmin")
    for status in ("pending", "spam", "removed"):
        CommentFactory(post=post, status=status, body=f"{SECRET} {status}")
    CommentFactory(post=post, body="Näkyvä kommentti")
    return author


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?page=2",
        "/posts/esimies-muiden-silmin/",
        FACILITATION,
        "/authors/",
        "/authors/saija-vuorinen/",
        "/tags/",
        "/tags/asiakaspalvelu/",
        "/tags/asiakaspalvelu/feed/",
        "/archive/2015/",
        "/search/?q=fasilitointi",
        "/search/?q=salainen",
        "/feeds/atom/",
        "/feeds/rss/",
        "/sitemap.xml",
    ],
)
def test_hidden_content_appears_nowhere(client, hidden, url):
    response = client.get(url)
    html = response.content.decode()
    for secret in (DRAFT, SCHEDULED, SECRET, "piilotagi", "Piilo Kirjoittaja", "salainen-luonnos"):
        assert secret not in html, (url, secret)


def test_hidden_content_has_no_pages_of_its_own(client, hidden):
    for url in [
        "/posts/salainen-luonnos/",
        "/posts/tuleva-ajastettu/",
        "/tags/piilotagi/",
        "/tags/piilotagi/feed/",
    ]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_hidden_posts_are_not_counted(client, hidden):
    html = get(client, "/tags/")
    assert re.search(
        r'href="/tags/asiakaspalvelu/">asiakaspalvelu</a> <span class="count">\(2\)', html
    )
    assert "1 comment" in get(client, "/") or "1 kommentti" in get(client, "/")
    assert get(client, "/posts/esimies-muiden-silmin/").count('class="comment h-cite"') == 1


def test_author_with_only_hidden_posts_is_not_listed(client, hidden):
    assert "Piilo Kirjoittaja" not in get(client, "/authors/")


def test_replies_nest_and_only_approved_ones_show(client, demo):
    post = Post.objects.get(slug="esimies-muiden-silmin")
    parent = CommentFactory(post=post, body="Ylätason kommentti")
    CommentFactory(post=post, parent=parent, body="Hyväksytty vastaus")
    CommentFactory(post=post, parent=parent, body="Odottava vastaus", status="pending")
    html = get(client, post.get_absolute_url())
    replies = html.split('class="replies"')[1]
    assert "Hyväksytty vastaus" in replies
    assert "Odottava vastaus" not in html


def test_comment_email_is_never_shown(client, demo):
    post = Post.objects.get(slug="esimies-muiden-silmin")
    CommentFactory(post=post, email="salainen@example.com", website="https://lukija.example")
    html = get(client, post.get_absolute_url())
    assert "salainen@example.com" not in html
    assert 'href="https://lukija.example" rel="nofollow ugc noopener"' in html


# Query counts: fixed, whatever the amount of content.


def populate(posts, comments_per_post):
    authors = [AuthorFactory() for _ in range(3)]
    for n in range(posts):
        post = PostFactory(
            authors=authors[: n % 3 + 1],
            tags=["hr", f"aihe{n % 5}"],
            published_at=timezone.now() - datetime.timedelta(days=n + 1),
        )
        for _ in range(comments_per_post):
            reply_to = CommentFactory(post=post)
            CommentFactory(post=post, parent=reply_to)
    return Post.objects.published().order_by("published_at")[1]


PAGES = {
    "home": lambda post: "/",
    "post": lambda post: post.get_absolute_url(),
    "authors": lambda post: "/authors/",
    "author": lambda post: post.primary_author.get_absolute_url(),
    "author feed": lambda post: post.primary_author.get_absolute_url() + "feed/",
    "tags": lambda post: "/tags/",
    "tag": lambda post: "/tags/hr/",
    "tag feed": lambda post: "/tags/hr/feed/",
    "archive": lambda post: f"/archive/{post.published_at.year}/",
    "search": lambda post: "/search/?q=kappale",
    "atom": lambda post: "/feeds/atom/",
    "rss": lambda post: "/feeds/rss/",
    "sitemap": lambda post: "/sitemap.xml",
    "posts sitemap": lambda post: "/sitemap-posts.xml",
}


# Queries per page. Raising a number needs a reason, given in the commit.
QUERIES = {
    "home": 4,
    "post": 11,
    "authors": 2,
    "author": 8,
    "author feed": 7,
    "tags": 2,
    "tag": 5,
    "tag feed": 4,
    "archive": 4,
    # SQLite: the matches, then which of them readers may see (one query inside the
    # other was slow); PostgreSQL: both in one.
    "search": 6,
    "atom": 3,
    "rss": 3,
    # The index: the posts' last id and last change, the tags' and the authors' counts.
    "sitemap": 3,
    # One query: the database writes every run of entries.
    "posts sitemap": 1,
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned_for_little_and_much_content(client, django_assert_num_queries, page):
    post = populate(posts=3, comments_per_post=1)
    for more in (0, 25):
        populate(posts=more, comments_per_post=3)
        # The page itself, rendered: no cached copy; the versions and the site's
        # identity already known, as they are on a running site. Read just now: a
        # reading older than a second is read again.
        cache.clear()
        forget_read_versions()
        versions([SITE])
        SiteIdentity.objects.current()
        expected = QUERIES[page] - (page == "search" and connection.vendor == "postgresql")
        with django_assert_num_queries(expected):
            assert client.get(PAGES[page](post)).status_code == HTTPStatus.OK


@pytest.mark.parametrize("page", ["home", "author", "tag", "archive"])
def test_a_list_reads_only_the_posts_of_the_page_it_shows(client, page):
    post = populate(posts=30, comments_per_post=0)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGES[page](post)).status_code == HTTPStatus.OK
    # The posts' authors and tags are fetched for the ten posts shown, never for all 30.
    listed = [
        len(ids.split(","))
        for ids in re.findall(r" IN \(([^()]*)\)", str(queries.captured_queries))
    ]
    assert listed and max(listed) <= 10, listed


def test_tags_without_letters_or_digits_get_an_address(client, demo):
    post = Post.objects.get(slug="esimies-muiden-silmin")
    post.tags.add("#", "–", "🙂")
    html = get(client, "/posts/esimies-muiden-silmin/")
    for slug in ["tag", "tag-2", "tag-3"]:
        assert f'href="/tags/{slug}/"' in html
    assert 'href="/tags/tag/"' in get(client, "/tags/")
    assert "Esimies muiden silmin" in get(client, "/tags/tag-3/")


def test_control_characters_pasted_into_a_post_do_not_break_its_feeds(client):
    # A vertical tab from a word processor, a stray \x01 from a scrape.
    author = AuthorFactory(display_name="Saija\x01 Vuorinen")
    post = PostFactory(title="Palaute\x0b ja lahja", body="Teksti\x01 tässä.", authors=[author])
    post.tags.add("palaute\x0c")
    for url in [
        "/feeds/atom/",
        "/feeds/rss/",
        "/tags/palaute/feed/",
        f"/authors/{author.slug}/feed/",
    ]:
        feed = feedparser.parse(get(client, url))
        assert not feed.bozo, url
        assert feed.entries[0].title == "Palaute ja lahja"


def test_migration_gives_tags_saved_without_an_address_one(client, demo):
    from django.apps import apps
    from taggit.models import Tag

    repair = importlib.import_module("blog.migrations.0010_tags_without_slug")
    Post.objects.get(slug="esimies-muiden-silmin").tags.add("#")
    Tag.objects.filter(name="#").update(slug="")
    repair.give_empty_slugs_one(apps, None)
    assert Tag.objects.get(name="#").slug == "tag"
    assert 'href="/tags/tag/"' in get(client, "/posts/esimies-muiden-silmin/")


def test_machine_readable_times_are_valid_html_in_whole_seconds(client, demo):
    """Posts published and comments written now carry microseconds, which HTML refuses."""
    a_second_ago = timezone.now() - datetime.timedelta(seconds=1)
    post = PostFactory(published_at=a_second_ago.replace(microsecond=123456))
    CommentFactory(post=post, status="approved")
    html = get(client, post.get_absolute_url())
    times = re.findall(r'datetime="([^"]*)"', html) + re.findall(
        r'property="article:\w+_time" content="([^"]*)"', html
    )
    assert len(times) == 4
    for value in times:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[23]:00", value), value


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/archive/0/",
        "/archive/10000/",
        "/archive/99999999999999999999/",
        "/archive/2015/0/",
        # The first and last years of the calendar, whose bounds UTC cannot hold.
        "/archive/1/1/",
        "/archive/9999/12/",
    ],
)
def test_archive_of_a_year_outside_the_calendar_is_not_found(client, url):
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
