"""Two writers save one post (or profile) in the admin: nobody's text is lost."""

import re
import time
from http import HTTPStatus

import pytest
import time_machine

from authors.models import Author
from blog.models import Post
from core import edit_locks
from tests.authoring import ADMIN, edit, member, post_of

pytestmark = pytest.mark.django_db

_OPENED_AT = re.compile(r'name="opened_at" value="([^"]*)"')


def opened_at(response):
    found = _OPENED_AT.search(response.content.decode())
    assert found, "the change form carries no opened_at"
    return found.group(1)


def open_post(client, post):
    return opened_at(client.get(f"{ADMIN}{post.pk}/change/"))


@pytest.fixture
def two_writers():
    """An author's post, open in her admin and in an editor's at the same time."""
    author, author_client = member("Author")
    editor, editor_client = member("Editor")
    post = post_of(author, title="Yhteinen", body="Alkuperäinen kappale.")
    return (
        post,
        (author_client, open_post(author_client, post)),
        (
            editor_client,
            open_post(editor_client, post),
        ),
    )


def test_the_second_save_gets_the_conflict_and_the_first_text_is_intact(two_writers):
    post, (first, first_opened), (second, second_opened) = two_writers
    saved = edit(first, post, body="Ensimmäisen teksti.", opened_at=first_opened)
    assert saved.status_code == HTTPStatus.FOUND
    refused = edit(second, post, body="Toisen teksti.", opened_at=second_opened)
    assert refused.status_code == HTTPStatus.OK
    html = refused.content.decode()
    assert "Joku muu tallensi tämän sillä aikaa, kun muokkasit sitä" in html
    assert "Riina Author tallensi sen" in html
    # Her text comes back in the form, theirs in the comparison.
    assert "Toisen teksti.</textarea>" in html
    assert "Ensimmäisen&nbsp;teksti." in html.split('class="edit-conflict"')[1]
    post.refresh_from_db()
    assert post.body == "Ensimmäisen teksti."


@pytest.mark.parametrize(
    "saved_again",
    ["Toisen teksti.", "Ensimmäisen teksti.\n\nToisen teksti."],
    ids=["keeping-mine", "merging-by-hand"],
)
def test_saving_again_after_the_comparison_saves_what_she_sent(two_writers, saved_again):
    post, (first, first_opened), (second, second_opened) = two_writers
    edit(first, post, body="Ensimmäisen teksti.", opened_at=first_opened)
    refused = edit(second, post, body="Toisen teksti.", opened_at=second_opened)
    kept = edit(second, post, body=saved_again, opened_at=opened_at(refused))
    assert kept.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.body == saved_again


def test_taking_theirs_opens_the_saved_version(two_writers):
    post, (first, first_opened), (second, second_opened) = two_writers
    edit(first, post, body="Ensimmäisen teksti.", opened_at=first_opened)
    edit(second, post, body="Toisen teksti.", opened_at=second_opened)
    page = second.get(f"{ADMIN}{post.pk}/change/").content.decode()
    assert "Ensimmäisen teksti." in page and "Toisen teksti." not in page
    post.refresh_from_db()
    assert post.body == "Ensimmäisen teksti."


def test_a_third_save_in_between_is_a_conflict_again(two_writers):
    post, (first, first_opened), (second, second_opened) = two_writers
    edit(first, post, body="Yksi.", opened_at=first_opened)
    refused = edit(second, post, body="Kaksi.", opened_at=second_opened)
    edit(first, post, body="Kolme.", opened_at=open_post(first, post))
    again = edit(second, post, body="Kaksi.", opened_at=opened_at(refused))
    assert again.status_code == HTTPStatus.OK
    post.refresh_from_db()
    assert post.body == "Kolme."


def test_a_change_made_outside_the_admin_is_a_conflict_too(two_writers):
    post, _first, (second, second_opened) = two_writers
    post.refresh_from_db()
    post.body = "Tuonnin päivittämä."
    post.save()
    refused = edit(second, post, body="Toisen teksti.", opened_at=second_opened)
    assert refused.status_code == HTTPStatus.OK
    assert "Tuonnin" in refused.content.decode()
    post.refresh_from_db()
    assert post.body == "Tuonnin päivittämä."


def test_publishing_from_the_list_while_a_writer_edits_is_a_conflict(two_writers):
    post, (first, first_opened), (editor, _opened) = two_writers
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    first_opened = open_post(first, post)
    editor.post(ADMIN, {"action": "publish", "_selected_action": [post.pk]})
    refused = edit(first, post, status="draft", body="Luonnos yhä.", opened_at=first_opened)
    assert refused.status_code == HTTPStatus.OK
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


def test_the_comparison_escapes_what_writers_typed(two_writers):
    post, (first, first_opened), (second, second_opened) = two_writers
    edit(first, post, body="<script>alert(1)</script>", opened_at=first_opened)
    html = edit(second, post, body="Toinen.", opened_at=second_opened).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_two_profile_edits_conflict_the_same_way():
    author, author_client = member("Author")
    editor, editor_client = member("Editor")
    profile = author.author_profile
    url = f"/admin/authors/author/{profile.pk}/change/"
    mine, theirs = opened_at(author_client.get(url)), opened_at(editor_client.get(url))
    data = {"display_name": profile.display_name, "slug": profile.slug, "user": author.pk}
    saved = editor_client.post(url, {**data, "bio": "Toimittajan versio.", "opened_at": theirs})
    assert saved.status_code == HTTPStatus.FOUND
    refused = author_client.post(url, {**data, "bio": "Oma versioni.", "opened_at": mine})
    assert refused.status_code == HTTPStatus.OK
    assert "Oma versioni." in refused.content.decode()
    assert Author.objects.get(pk=profile.pk).bio == "Toimittajan versio."


def test_a_writer_opening_a_post_another_has_open_is_told_who(two_writers):
    post, (first, _first_opened), (second, _second_opened) = two_writers
    # The author opened it first (in the fixture); the editor opens it now.
    page = second.get(f"{ADMIN}{post.pk}/change/").content.decode()
    warning = page.split('<li class="warning">')[1].split("</li>")[0]
    assert "Riina Author" in warning
    assert "core/admin/edit-lock.js" in page
    # The first writer, coming back to the post she holds, is not warned about anyone.
    assert '<li class="warning">' not in first.get(f"{ADMIN}{post.pk}/change/").content.decode()


def test_the_lock_lapses_by_itself_and_is_given_up_on_leaving(two_writers):
    post, (first, _first_opened), (second, _second_opened) = two_writers
    lock_url = f"{ADMIN}{post.pk}/lock/"
    assert first.post(lock_url).json() == {"editing": None}
    assert second.post(lock_url).json() == {"editing": "Riina Author"}
    first.post(lock_url, {"release": "1"})
    assert second.post(lock_url).json() == {"editing": None}
    with time_machine.travel(time.time() + edit_locks.LOCK_SECONDS + 1):
        assert first.post(lock_url).json() == {"editing": None}


def test_only_writers_who_may_change_the_post_touch_its_lock():
    owner, _owner_client = member("Author")
    _stranger, stranger_client = member("Author")
    post = post_of(owner)
    assert stranger_client.post(f"{ADMIN}{post.pk}/lock/").status_code == HTTPStatus.NOT_FOUND
    assert stranger_client.get(f"{ADMIN}{post.pk}/lock/").status_code == 405
