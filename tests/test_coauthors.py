"""An author credits co-authors on her own posts, in order, and stays in the byline."""

from http import HTTPStatus

import pytest

from tests.authoring import ADMIN, edit, member, post_of
from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def byline_data(post, authors, delete=()):
    """The byline inline as the change form sends it: existing rows first, then new ones."""
    existing = list(post.bylines.all())
    data = {"bylines-TOTAL_FORMS": str(len(authors)), "bylines-INITIAL_FORMS": str(len(existing))}
    for number, author in enumerate(authors):
        row = existing[number] if number < len(existing) else None
        data.update({
            f"bylines-{number}-id": row.pk if row else "",
            f"bylines-{number}-post": post.pk,
            f"bylines-{number}-author": author.pk,
            f"bylines-{number}-position": number,
        })  # fmt: skip
        if number in delete:
            data[f"bylines-{number}-DELETE"] = "on"
    return data


def test_an_author_credits_co_authors_in_order():
    user, client = member("Author")
    post = post_of(user)
    first, second = AuthorFactory(display_name="Marjaana"), AuthorFactory(display_name="Riina")
    me = user.author_profile
    response = edit(client, post, **byline_data(post, [me, second, first]))
    assert response.status_code == HTTPStatus.FOUND
    assert [author.display_name for author in post.author_list] == [
        me.display_name,
        "Riina",
        "Marjaana",
    ]


def test_an_author_cannot_take_herself_off_her_post():
    user, client = member("Author")
    post = post_of(user)
    other = AuthorFactory()
    response = edit(client, post, **byline_data(post, [user.author_profile, other], delete={0}))
    assert response.status_code == HTTPStatus.OK
    assert "Pidä itsesi kirjoittajana" in response.content.decode()
    assert post.author_list == [user.author_profile]


def test_an_editor_hands_a_post_over():
    user, _client = member("Author")
    _editor, editor_client = member("Editor")
    post = post_of(user)
    other = AuthorFactory()
    edit(editor_client, post, **byline_data(post, [other]))
    assert post.author_list == [other]


def test_the_co_author_search_finds_other_authors_for_an_author():
    user, client = member("Author")
    AuthorFactory(display_name="Marjaana Jokinen")
    found = client.get(
        "/admin/autocomplete/",
        {
            "term": "Marjaana",
            "app_label": "blog",
            "model_name": "postauthor",
            "field_name": "author",
        },
    )
    assert found.status_code == HTTPStatus.OK
    assert [result["text"] for result in found.json()["results"]] == ["Marjaana Jokinen"]
    # Her profile list in the admin is still her own.
    assert "Marjaana Jokinen" not in client.get("/admin/authors/author/").content.decode()


def test_a_co_author_edits_the_post_as_its_first_author_can():
    first, _first_client = member("Author")
    second, second_client = member("Author")
    post = post_of(first)
    post.set_authors([first.author_profile, second.author_profile])
    edit(second_client, post, title="Yhdessä muokattu")
    post.refresh_from_db()
    assert post.title == "Yhdessä muokattu"
    assert f"{ADMIN}{post.pk}/change/" in second_client.get(ADMIN).content.decode()
