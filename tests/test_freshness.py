"""A change retires the cached pages that show it, at once, and no other.

A small blog: Saija writes about HR, Riina about customer service; three posts, newest
first: "Rekrytointi" (Saija, hr), "Asiakaspalvelu" (Riina, asiakaspalvelu), "Perehdytys"
(Saija, hr). Every page a reader could have is read twice first (the second read comes
from the cache); then one thing changes, and every page is read again: the pages showing
the change show it, rendered again, and every other page still comes from the cache.
"""

import datetime

import pytest
from django.utils import timezone
from taggit.models import Tag

from blog import topics
from blog.models import Post, TagDescription
from comments.models import Comment
from core import caching
from core.models import SiteIdentity
from tests.factories import AuthorFactory, CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "rekrytointi": "/posts/rekrytointi/",
    "asiakaspalvelu": "/posts/asiakaspalvelu/",
    "perehdytys": "/posts/perehdytys/",
    "tag hr": "/tags/hr/",
    "tag asiakaspalvelu": "/tags/asiakaspalvelu/",
    "saija": "/authors/saija-vuorinen/",
    "riina": "/authors/riina-michelsson/",
    "all tags": "/tags/",
    "all authors": "/authors/",
    "atom": "/feeds/atom/",
    "hr feed": "/tags/hr/feed/",
    "riina feed": "/authors/riina-michelsson/feed/",
    "sitemap": "/sitemap.xml",
    "posts sitemap": "/sitemap-posts.xml",
    "search": "/search/?q=asiakaspalvelu",
    "month": None,
}
EVERY_POST = {"rekrytointi", "asiakaspalvelu", "perehdytys"}


@pytest.fixture
def blog(django_capture_on_commit_callbacks):
    # The middle of last month: the three posts share a month whatever the day today.
    now = timezone.localtime().replace(day=1, hour=12) - datetime.timedelta(days=15)
    with django_capture_on_commit_callbacks(execute=True):
        saija = AuthorFactory(display_name="Saija Vuorinen", bio="HR:n arkea.")
        riina = AuthorFactory(display_name="Riina Michelsson", bio="Asiakkaiden puolella.")
        for days, title, author, tag in [
            (1, "Rekrytointi", saija, "hr"),
            (2, "Asiakaspalvelu", riina, "asiakaspalvelu"),
            (3, "Perehdytys", saija, "hr"),
        ]:
            published_at = now - datetime.timedelta(days=days)
            PostFactory(title=title, authors=[author], tags=[tag], published_at=published_at)
    local = timezone.localtime(now - datetime.timedelta(days=2))
    PAGES["month"] = f"/archive/{local.year}/{local.month}/"
    return {"saija": saija, "riina": riina, "post": Post.objects.get(slug="rekrytointi")}


@pytest.fixture
def reread(client, blog):
    """Reads every page twice (cached from the second read on); returns a function that
    reads them all again: {name: response}."""

    def read_all():
        return {name: client.get(url) for name, url in PAGES.items()}

    read_all()
    assert {name for name, page in read_all().items() if page["X-Cache"] != "hit"} == set()
    return read_all


@pytest.fixture
def change(django_capture_on_commit_callbacks):
    def make(what):
        with django_capture_on_commit_callbacks(execute=True):
            what()

    return make


def rendered_again(pages):
    assert {name for name, page in pages.items() if page.status_code != 200} == set()
    return {name for name, page in pages.items() if page["X-Cache"] == "miss"}


def post_footer(page):
    """What a post page shows under the post's text: its tags and its authors' boxes."""
    return page.split('<footer class="post-footer')[1].split("</footer>")[0]


def showing(pages, words):
    return {name for name, page in pages.items() if words in page.content.decode()}


def test_an_approved_comment_retires_its_post_and_the_lists_counting_it(blog, reread, change):
    comment = CommentFactory(post=blog["post"], status=Comment.Status.PENDING, body="Hyvä!")
    change(lambda: Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.APPROVED))
    pages = reread()
    # Its page shows it; the lists with the post's card show its count.
    counting = {"home", "tag hr", "saija", "month"}
    assert rendered_again(pages) == {"rekrytointi", *counting}
    assert "Hyvä!" in pages["rekrytointi"].content.decode()
    assert showing(pages, "1 kommentti") == counting


def test_an_edited_title_retires_every_page_showing_the_post(blog, reread, change):
    post = blog["post"]
    post.title = "Rekrytointi kesällä"

    change(post.save)
    pages = reread()
    shown = {"rekrytointi", "home", "tag hr", "saija", "month", "atom", "hr feed", "perehdytys"}
    # Its neighbour links to it by its title; search and the sitemap show every text, the
    # posts' sitemap when each post last changed.
    assert showing(pages, "Rekrytointi kesällä") == {*shown, "asiakaspalvelu"}
    again = {*shown, "asiakaspalvelu", "search", "sitemap", "posts sitemap"}
    assert rendered_again(pages) == again
    post.refresh_from_db()
    lastmod = post.updated_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    assert showing(pages, f"<lastmod>{lastmod}</lastmod>") == {"posts sitemap"}


def test_a_new_post_retires_the_lists_it_appears_on(blog, reread, change):
    change(
        lambda: PostFactory(
            title="Palautteen aika",
            authors=[blog["riina"]],
            tags=["asiakaspalvelu"],
            # The newest, in the month of the others.
            published_at=blog["post"].published_at + datetime.timedelta(hours=1),
        )
    )
    pages = reread()
    lists = {"home", "tag asiakaspalvelu", "riina", "atom", "riina feed", "month"}
    assert showing(pages, "Palautteen aika") >= lists
    assert showing(pages, "/posts/palautteen-aika/</loc>") == {"posts sitemap"}
    # The newest post links on to it; the other post on its tag shows it as related; the
    # indexes count posts. The oldest post, far from it in time and topic, is untouched.
    assert showing(pages, 'href="/posts/palautteen-aika/"') >= {"rekrytointi", "asiakaspalvelu"}
    assert rendered_again(pages) == {
        *lists, "rekrytointi", "asiakaspalvelu", "all tags", "all authors", "sitemap",
        "posts sitemap", "search"
    }  # fmt: skip
    assert "tag hr" not in rendered_again(pages) and "saija" not in rendered_again(pages)
    # The indexes count it at once.
    tags, authors = (pages[index].content.decode() for index in ("all tags", "all authors"))
    assert '>asiakaspalvelu</a> <span class="count">(2)</span>' in tags
    riina = authors.split("Riina Michelsson</a>")[1]
    assert riina.split("</li>")[0].count("2 kirjoitusta") == 1


def test_a_new_post_retires_its_own_months_archive_and_a_moved_post_both(blog, client, change):
    then = timezone.localtime() - datetime.timedelta(days=400)
    change(lambda: PostFactory(title="Vanha", published_at=then))
    archive = {
        "then": f"/archive/{then.year}/{then.month}/",
        "that year": f"/archive/{then.year}/",
        "month": PAGES["month"],
    }
    for _ in range(2):
        read = {name: client.get(url) for name, url in archive.items()}
    assert {name for name, page in read.items() if page["X-Cache"] == "hit"} == set(archive)
    posted = blog["post"].published_at + datetime.timedelta(hours=1)
    change(lambda: PostFactory(title="Palautteen aika", published_at=posted))
    read = {name: client.get(url) for name, url in archive.items()}
    assert rendered_again(read) == {"month"}
    assert "Palautteen aika" in read["month"].content.decode()
    # Moved into the blog's month, the old post leaves its own month and year.
    vanha = Post.objects.get(title="Vanha")
    vanha.published_at = posted - datetime.timedelta(hours=2)
    change(vanha.save)
    read = {name: client.get(url) for name, url in archive.items()}
    assert read["then"].status_code == read["that year"].status_code == 404
    assert "Vanha" in read["month"].content.decode()


def test_a_post_moved_in_time_retires_the_neighbours_where_it_was_and_where_it_goes(
    blog, reread, change
):
    # Perehdytys, the oldest, becomes the newest: Asiakaspalvelu linked back to it and
    # Rekrytointi links on to it now.
    moved = Post.objects.get(slug="perehdytys")
    moved.published_at = blog["post"].published_at + datetime.timedelta(hours=1)
    change(moved.save)
    pages = reread()
    assert {"perehdytys", "asiakaspalvelu", "rekrytointi"} <= rendered_again(pages)
    rekrytointi = pages["rekrytointi"].content.decode()
    assert 'href="/posts/perehdytys/"' in rekrytointi.split('rel="next"')[1].split("</a>")[0]
    assert 'href="/posts/perehdytys/"' not in pages["asiakaspalvelu"].content.decode()


def test_a_write_moving_many_posts_retires_every_posts_neighbours(
    blog, reread, change, monkeypatch
):
    monkeypatch.setattr(topics, "FEW_MOVED", 1)
    change(lambda: Post.objects.filter(slug__in=["rekrytointi", "asiakaspalvelu"]).unpublish())
    pages = reread()
    assert pages["perehdytys"]["X-Cache"] == "miss"
    assert "Asiakaspalvelu" not in pages["perehdytys"].content.decode()


def test_an_unpublished_post_leaves_the_lists_it_was_on(blog, reread, change):
    change(lambda: Post.objects.filter(slug="perehdytys").unpublish())
    pages = reread()
    assert pages["perehdytys"].status_code == 404
    del pages["perehdytys"]
    assert showing(pages, "Perehdytys") == set()
    assert showing(pages, "/posts/perehdytys/") == set()
    assert "posts sitemap" in rendered_again(pages)
    assert "riina" not in rendered_again(pages)
    assert "tag asiakaspalvelu" not in rendered_again(pages)


def test_an_authors_new_name_retires_her_pages_and_bylines(blog, reread, change):
    saija = blog["saija"]
    saija.display_name = "Saija Vuorinen-Laine"
    change(saija.save)
    pages = reread()
    bylines = {"home", "rekrytointi", "perehdytys", "tag hr", "saija", "month", "atom"}
    assert showing(pages, "Saija Vuorinen-Laine") >= bylines | {"all authors", "hr feed"}
    for post in ("rekrytointi", "perehdytys"):
        page = pages[post].content.decode()
        assert '"name": "Saija Vuorinen-Laine"' in page  # the post's JSON-LD
        assert ">Saija Vuorinen-Laine</a>" in post_footer(page)
    assert "riina" not in rendered_again(pages)
    assert "tag asiakaspalvelu" not in rendered_again(pages)
    assert "asiakaspalvelu" not in rendered_again(pages)


def test_search_results_show_a_writers_new_name(blog, reread, change):
    riina = blog["riina"]
    riina.display_name = "Riina Michelsson-Koski"
    change(riina.save)
    pages = reread()
    assert {"search", "riina", "asiakaspalvelu"} <= rendered_again(pages)
    assert "Riina Michelsson-Koski" in pages["search"].content.decode()


def test_a_post_given_a_tag_shows_the_posts_sharing_it(blog, reread, change):
    post = Post.objects.get(slug="asiakaspalvelu")
    assert "related-posts" not in reread()["asiakaspalvelu"].content.decode()
    change(lambda: post.tags.add("hr"))
    related = reread()["asiakaspalvelu"].content.decode().split('class="related-posts"')[1]
    assert "Rekrytointi" in related and "Perehdytys" in related


def test_the_tags_index_counts_a_tag_given_or_taken_and_shows_a_new_one(blog, reread, change):
    post = Post.objects.get(slug="asiakaspalvelu")
    change(lambda: post.tags.add("hr", "palaute"))
    tags = reread()["all tags"].content.decode()
    assert '>hr</a> <span class="count">(3)</span>' in tags
    assert '>palaute</a> <span class="count">(1)</span>' in tags
    change(lambda: post.tags.remove("palaute"))
    change(lambda: Post.objects.filter(slug="perehdytys").unpublish())
    tags = reread()["all tags"].content.decode()
    assert '>hr</a> <span class="count">(2)</span>' in tags
    assert ">palaute</a>" not in tags


def test_a_tag_description_retires_the_tags_own_pages_only(blog, reread, change):
    change(
        lambda: TagDescription.objects.create(
            tag=Tag.objects.get(slug="hr"), description="Henkilöstöasiat."
        )
    )
    pages = reread()
    assert rendered_again(pages) == {"tag hr"}
    assert "Henkilöstöasiat." in pages["tag hr"].content.decode()


def test_a_renamed_tag_retires_the_pages_showing_it(blog, reread, change):
    tag = Tag.objects.get(slug="hr")
    tag.name = "henkilöstö"
    change(tag.save)
    pages = reread()
    shown = {"tag hr", "home", "rekrytointi", "perehdytys", "saija", "month", "all tags"}
    assert rendered_again(pages) >= shown
    assert {"riina", "tag asiakaspalvelu", "asiakaspalvelu"} & rendered_again(pages) == set()
    assert showing(pages, "henkilöstö") >= shown | {"atom", "hr feed"}
    # A post's own page names it in its metadata and under the text.
    for post in ("rekrytointi", "perehdytys"):
        page = pages[post].content.decode()
        assert '<meta property="article:tag" content="henkilöstö">' in page
        assert ">henkilöstö</a>" in post_footer(page)


def test_the_sites_new_name_retires_every_page(blog, reread, change):
    identity = SiteIdentity.objects.current()
    identity.name = "Työelämän blogi"
    change(identity.save)
    pages = reread()
    assert rendered_again(pages) == set(PAGES)
    assert showing(pages, "Työelämän blogi") >= set(PAGES) - {"sitemap", "posts sitemap"}


def test_a_write_touching_many_things_retires_every_page(blog, reread, change, monkeypatch):
    monkeypatch.setattr(caching, "MANY_TOPICS", 2)
    posts = list(Post.objects.all())
    change(
        lambda: Comment.objects.bulk_create(
            Comment(post=post, name="Tuotu", email="tuotu@example.fi", body="Vanha kommentti.")
            for post in posts
        )
    )
    assert rendered_again(reread()) == set(PAGES)


def offered(client, query):
    """The words a search offers for ``query``, which finds nothing."""
    page = client.get("/search/", {"q": query}).content.decode()
    return (
        page.split('class="search-suggestion"')[1].split("</a>")[0] if "Tarkoititko" in page else ""
    )


@pytest.fixture
def short_runs(monkeypatch):
    # Runs of two ids: the three posts' titles in two runs, as ten thousand posts in ten.
    monkeypatch.setattr(topics, "POST_RUN", 2)


def test_a_misspelt_word_is_offered_a_new_posts_title_at_once(blog, client, change, short_runs):
    assert offered(client, "rekrytonti") and not offered(client, "palkitsemnen")
    change(lambda: PostFactory(title="Palkitseminen", authors=[blog["saija"]]))
    assert ">palkitseminen" in offered(client, "palkitsemnen")
    assert ">rekrytointi" in offered(client, "rekrytonti")


def test_a_renamed_or_unpublished_post_is_no_longer_offered(blog, client, change, short_runs):
    assert ">perehdytys" in offered(client, "perehdytsy")
    post = Post.objects.get(slug="perehdytys")
    post.title = "Ensimmäiset viikot"
    change(post.save)
    assert not offered(client, "perehdytsy")
    assert ">viikot" in offered(client, "viikto")
    change(lambda: Post.objects.filter(slug="asiakaspalvelu").unpublish())
    assert not offered(client, "asiakaspalvleu")
    assert ">viikot" in offered(client, "viikto")


def test_a_new_tag_or_author_name_is_offered(blog, client, change):
    assert not offered(client, "palkitsemnen")
    change(lambda: Post.objects.get(slug="rekrytointi").tags.add("palkitseminen"))
    assert ">palkitseminen" in offered(client, "palkitsemnen")
    riina = blog["riina"]
    riina.display_name = "Riina Koskinen"
    change(riina.save)
    assert ">koskinen" in offered(client, "koskinne")
