"""Search reads Finnish: word forms, compounds, words without ä or ö, phrases, tags and
authors. The same tests run on SQLite and PostgreSQL (make test-postgres)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog import search, views
from blog.models import Post
from blog.search import search_posts
from core.text_analysis import analyse, voikko_available
from tests.factories import AuthorFactory, PostFactory

pytestmark = pytest.mark.django_db


def found(query):
    return [hit.post.title for hit in search_posts(query)]


def test_voikko_is_installed_by_the_make_targets():
    assert voikko_available()


@pytest.mark.parametrize("form", ["esimiehen", "esimiehet", "esimiestä", "esimiehiä"])
def test_every_inflected_form_is_one_term(form):
    assert analyse(form)[0] == analyse("esimies")[0]


@pytest.fixture
def blog():
    PostFactory(title="Esimies muiden silmin", body="Hyvä esimies kuuntelee.")
    PostFactory(title="Esimerkkejä", body="Esimerkiksi palaute ja esimerkin voima.")
    PostFactory(title="Tiimityön arki", body="Tiimityö vaatii aikaa.")
    PostFactory(title="Asiakaspalvelu", body="Asiakaspalvelu on meidän työtämme.")
    PostFactory(title="Palvelu ja asiakas", body="Palvelu ei ole asiakkaan kanssa aina helppoa.")


@pytest.mark.parametrize("query", ["esimies", "esimiehen", "esimiehet", "esimiestä"])
def test_any_form_finds_the_word_and_nothing_that_only_starts_like_it(blog, query):
    assert found(query) == ["Esimies muiden silmin"]


def test_a_word_without_its_umlauts_still_finds_it(blog):
    assert "Asiakaspalvelu" in found("tyotamme")


def test_part_of_a_compound_finds_the_compound(blog):
    assert "Tiimityön arki" in found("työ")


def test_every_word_must_match(blog):
    assert found("tiimityö esimies") == []
    assert found("asiakas palvelu") != []


def test_a_phrase_in_quotes_matches_those_words_in_that_order(blog):
    assert found('"asiakaspalvelu on"') == ["Asiakaspalvelu"]
    assert found('"on asiakaspalvelu"') == []


def test_tags_and_authors_are_searched(blog):
    author = AuthorFactory(display_name="Riina Michelsson")
    PostFactory(title="Viikon ajatus", body="Lyhyt.", tags=["Rekrytointi"], authors=[author])
    assert found("rekrytointi") == ["Viikon ajatus"]
    assert found("michelsson") == ["Viikon ajatus"]


def test_a_renamed_tag_is_found_by_its_new_name(blog):
    post = PostFactory(title="Viikon ajatus", body="Lyhyt.", tags=["Rekrytointi"])
    tag = post.tags.get()
    tag.name = "Perehdytys"
    tag.save()
    assert found("perehdytys") == ["Viikon ajatus"] and found("rekrytointi") == []


def test_the_title_ranks_above_the_text(blog):
    PostFactory(title="Palaute", body="Lyhyt.")
    assert found("palaute")[0] == "Palaute"


def test_the_matched_form_is_highlighted_in_the_snippet(blog):
    [hit] = search_posts("esimiehen")
    assert "<mark>esimies</mark>" in hit.snippet and "<mark>Esimies</mark>" in hit.title


def test_when_no_post_has_every_word_the_nearest_are_offered_and_it_is_said(client, blog):
    html = client.get("/search/", {"q": "tiimityö esimies"}).content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert "No post has all the words" in text or "Yhdessäkään kirjoituksessa" in text
    assert "Tiimityön arki" in text and "Esimies muiden silmin" in text


def test_a_page_of_results_takes_the_same_queries_however_many_posts_match(client, blog):
    def queries_for(query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": query}).status_code == 200
        return len(captured)

    # The first request of a process also reads what every later one has cached.
    queries_for("palaute")
    few = queries_for("esimies")
    author = AuthorFactory()
    for number in range(12):
        PostFactory(title=f"Esimies {number}", tags=[f"aihe{number}"], authors=[author])
    # The first request after a write also looks for scheduled posts, as before "esimies".
    queries_for("palaute")
    # Another form of the word: a page the cache has not kept.
    assert queries_for("esimiehen") == few


@pytest.mark.parametrize(("query", "first"), [("työ", "Viikon työ"), ("tyo", "Viikon tyo")])
def test_the_exact_spelling_ranks_first(query, first):
    PostFactory(title="Viikon tyo", body="Lyhyt.")
    PostFactory(title="Viikon työ", body="Lyhyt.")
    assert found(query)[0] == first


def test_a_misspelt_word_that_finds_nothing_is_offered_the_nearest(client):
    PostFactory(title="Esimies muiden silmin", body="Palautetta johtamisesta.")
    html = client.get("/search/", {"q": "esimeis"}).content.decode()
    assert "0 tulosta haulla ”esimeis”." in html
    assert 'Tarkoititko <a href="?q=esimies">esimies</a>?' in html
    assert "muiden silmin" in client.get("/search/", {"q": "esimies"}).content.decode()


def test_a_misspelt_word_is_matched_once_for_the_search_and_once_for_the_offer(client):
    PostFactory(title="Esimies muiden silmin", body="Palautetta johtamisesta.")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/search/", {"q": "esimeis"}).content.decode()
    assert 'Tarkoititko <a href="?q=esimies">esimies</a>?' in html
    matched = [query["sql"] for query in captured if re.search(r"MATCH|@@", query["sql"])]
    assert len(matched) == 2


def test_a_word_with_nothing_near_gets_no_offer(client):
    PostFactory(title="Esimies muiden silmin", body="Palautetta johtamisesta.")
    html = client.get("/search/", {"q": "kvanttifysiikka"}).content.decode()
    assert "0 tulosta" in html and "Tarkoititko" not in html


def test_only_the_word_that_finds_nothing_is_replaced(client):
    PostFactory(title="Esimies muiden silmin", body="Palautetta johtamisesta.")
    html = client.get("/search/", {"q": "palautetta esimeis"}).content.decode()
    assert 'href="?q=palautetta%20esimies"' in html


@pytest.fixture
def many_match(monkeypatch):
    """Five posts with "esimies", the oldest with it in its title, and a search that ranks
    the newest three of the posts it matches."""
    monkeypatch.setattr(search, "MAX_HITS", 3)
    monkeypatch.setattr(views, "MAX_HITS", 3)
    PostFactory(title="Esimies", body="Esimies.")
    for number in range(4):
        PostFactory(title=f"Viikko {number}", body="Hyvä esimies kuuntelee.")


def test_a_search_matching_more_posts_than_it_ranks_ranks_the_newest(many_match):
    assert sorted(found("esimies")) == ["Viikko 1", "Viikko 2", "Viikko 3"]
    assert search_posts("esimies").more
    assert [hit.post.title for hit in search_posts("esimies", limit=None)][0] == "Esimies"


def test_a_draft_among_the_newest_matches_is_not_shown(many_match):
    PostFactory(title="Luonnos", body="Esimies.", status=Post.Status.DRAFT)
    titles = found("esimies")
    assert "Luonnos" not in titles and search_posts("esimies").more
    # PostgreSQL ranks the newest posts readers see; SQLite's index of terms the newest
    # posts, the draft's place left empty.
    assert len(titles) == (3 if connection.vendor == "postgresql" else 2)


def test_the_reader_is_told_when_more_posts_match_than_are_shown(client, many_match):
    html = client.get("/search/", {"q": "esimies"}).content.decode()
    assert (
        "Haulla ”esimies” löytyy yli 3 kirjoitusta. Näytetään niistä uusimmat 3, osuvimmat ensin."
        in html
    )
    assert "3 tulosta" not in html


def test_as_many_matches_as_are_ranked_are_counted_as_before(client, many_match):
    Post.objects.filter(title__in=["Esimies", "Viikko 0"]).delete()
    assert not search_posts("esimies").more
    html = client.get("/search/", {"q": "esimies"}).content.decode()
    assert "3 tulosta haulla ”esimies”." in html and "löytyy yli" not in html


def test_the_words_offered_read_each_tag_once_not_once_per_post(client):
    for number in range(3):
        PostFactory(title=f"Viikko {number}", tags=["Rekrytointi"])
    with CaptureQueriesContext(connection) as captured:
        client.get("/search/", {"q": "rekrytoniti"})
    [tags_read] = [query["sql"] for query in captured if "taggit_tag" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(tags_read)
        assert len(cursor.fetchall()) == 1


def test_postgresql_keeps_a_posts_terms_in_its_row():
    """A search reads the terms of every post it matches, and then ranks them: from the
    row, not from the TOAST table, three chunks a post (migration 0023)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL's column storage: SQLite has no search_vector column (its terms are"
            " in the FTS5 index); make test-postgres and CI run this"
        )
    PostFactory(title="Esimies", body="Hyvä esimies kuuntelee. " * 400)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute"
            " WHERE attrelid = 'blog_post'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)
    assert found("esimies") == ["Esimies"]
