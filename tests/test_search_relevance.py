"""The relevance set (tests/search_relevance.py): each query finds the posts it must and
none it must not, on SQLite and on PostgreSQL alike."""

import pytest

from blog.models import Post
from blog.search import search_posts
from tests.factories import PostFactory
from tests.search_relevance import POSTS, QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    keys = {}
    for key, (title, text, tags) in POSTS.items():
        keys[PostFactory(title=title, body=text, tags=tags).pk] = key
    return keys


@pytest.mark.parametrize("query", list(QUERIES))
def test_each_query_finds_what_it_must_and_nothing_it_must_not(corpus, query):
    must, must_not = QUERIES[query]
    found = {corpus[hit.post.pk] for hit in search_posts(query)}
    assert must <= found, f"missed {must - found}"
    assert not found & must_not, f"false hits {found & must_not}"


def test_the_set_is_big_enough():
    assert len(QUERIES) >= 25 and len(POSTS) >= 20


def test_the_demo_content_is_found_by_its_inflected_words(client):
    from django.core.management import call_command

    call_command("loaddata", "fixtures/demo.json", verbosity=0)
    titles = {hit.post.title for hit in search_posts("fasilitointi")}
    assert titles == {
        "Paras hyöty irti tiimityöstä? – Lisää fasilitointitaitoja työpaikalle, kiitos!"
    }
    assert "Esimies muiden silmin" in {hit.post.title for hit in search_posts("esimiestyö")}
    assert Post.objects.published().count() == 7
