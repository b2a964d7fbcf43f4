"""Old addresses keep working: 301 to where a page went, 410 for a deleted post."""

from http import HTTPStatus

import pytest
from django.test import Client
from taggit.models import Tag

from blog.models import Post
from core import redirects
from core.models import Redirect
from importing.loader import Journal
from tests.authoring import ADMIN, edit, member, post_of
from tests.factories import AuthorFactory, PostFactory

pytestmark = pytest.mark.django_db


def moved_to(client, path):
    response = client.get(path)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY, (path, response.status_code)
    return response["Location"]


def test_a_published_posts_old_address_leads_to_its_new_one(client):
    author, writer = member("Author")
    post = post_of(author, title="Vanha otsikko", slug="vanha-otsikko")
    assert edit(writer, post, slug="uusi-otsikko").status_code == HTTPStatus.FOUND
    assert moved_to(client, "/posts/vanha-otsikko/") == "/posts/uusi-otsikko/"
    assert client.get("/posts/uusi-otsikko/").status_code == HTTPStatus.OK
    # A reader's query comes along.
    assert moved_to(client, "/posts/vanha-otsikko/?replytocom=3") == (
        "/posts/uusi-otsikko/?replytocom=3"
    )


def test_a_drafts_old_address_is_not_kept(client):
    post = PostFactory(slug="luonnos", status=Post.Status.DRAFT)
    post.slug = "luonnos-2"
    post.save()
    assert not Redirect.objects.exists()
    assert client.get("/posts/luonnos/").status_code == HTTPStatus.NOT_FOUND


def test_a_renamed_tag_and_its_feed_lead_to_the_new_ones(client):
    PostFactory(tags=["asiakaspalvelu"])
    tag = Tag.objects.get(slug="asiakaspalvelu")
    _editor, editor_client = member("Editor")
    renamed = editor_client.post(
        f"/admin/taggit/tag/{tag.pk}/change/",
        {"name": "Asiakkaat", "slug": "asiakkaat",
         "description-TOTAL_FORMS": "0", "description-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert renamed.status_code == HTTPStatus.FOUND, renamed.content.decode()[:3000]
    assert moved_to(client, "/tags/asiakaspalvelu/") == "/tags/asiakkaat/"
    assert moved_to(client, "/tags/asiakaspalvelu/feed/") == "/tags/asiakkaat/feed/"
    assert moved_to(client, "/tags/asiakaspalvelu/feed/json/") == "/tags/asiakkaat/feed/json/"
    assert moved_to(client, "/tags/asiakaspalvelu/?page=2") == "/tags/asiakkaat/?page=2"


def test_an_authors_new_address_keeps_the_old_one_and_its_feed(client):
    author = AuthorFactory(display_name="Saija Vuorinen", slug="saija")
    PostFactory(authors=[author])
    _editor, editor_client = member("Editor")
    renamed = editor_client.post(
        f"/admin/authors/author/{author.pk}/change/",
        {"display_name": "Saija Vuorinen", "slug": "saija-vuorinen", "user": author.user_id},
    )
    assert renamed.status_code == HTTPStatus.FOUND, renamed.content.decode()[:3000]
    assert moved_to(client, "/authors/saija/") == "/authors/saija-vuorinen/"
    assert moved_to(client, "/authors/saija/feed/json/") == "/authors/saija-vuorinen/feed/json/"
    assert moved_to(client, "/authors/saija/feed/") == "/authors/saija-vuorinen/feed/"
    assert client.get("/authors/saija-vuorinen/").status_code == HTTPStatus.OK


def test_a_chain_of_renames_answers_with_one_hop(client):
    post = PostFactory(slug="a")
    for slug in ("b", "c"):
        post.slug = slug
        post.save()
    assert moved_to(client, "/posts/a/") == "/posts/c/"
    assert moved_to(client, "/posts/b/") == "/posts/c/"
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/posts/a/": "/posts/c/",
        "/posts/b/": "/posts/c/",
    }


def test_a_name_taken_back_is_served_again_and_the_other_leads_to_it(client):
    post = PostFactory(slug="a")
    post.slug = "b"
    post.save()
    post.slug = "a"
    post.save()
    assert client.get("/posts/a/").status_code == HTTPStatus.OK
    assert moved_to(client, "/posts/b/") == "/posts/a/"


def test_a_deleted_post_is_gone_and_says_so(client):
    post = PostFactory(slug="poistettu", title="Poistettava")
    post.delete()
    response = client.get("/posts/poistettu/")
    assert response.status_code == HTTPStatus.GONE
    assert "<h1>" in response.content.decode()


def test_addresses_that_led_to_a_deleted_post_are_gone_too(client):
    post = PostFactory(slug="ensin")
    post.slug = "sitten"
    post.save()
    post.delete()
    assert client.get("/posts/ensin/").status_code == HTTPStatus.GONE
    assert client.get("/posts/sitten/").status_code == HTTPStatus.GONE


def test_a_deleted_draft_is_simply_not_found(client):
    PostFactory(slug="luonnos", status=Post.Status.DRAFT).delete()
    assert client.get("/posts/luonnos/").status_code == HTTPStatus.NOT_FOUND


def test_a_live_page_is_never_shadowed_by_an_old_row(client):
    PostFactory(slug="elossa")
    Redirect.objects.create(old_path="/posts/elossa/", new_path="/")
    assert client.get("/posts/elossa/").status_code == HTTPStatus.OK


def test_an_old_blogs_address_with_letters_beyond_ascii_is_found(client):
    redirects.moved("/2019/05/äiti.html", "/posts/aiti/")
    assert moved_to(client, "/2019/05/%C3%A4iti.html") == "/posts/aiti/"


def test_editors_keep_redirects_in_the_admin_and_authors_cannot():
    _editor, editor_client = member("Editor")
    added = editor_client.post(
        "/admin/core/redirect/add/", {"old_path": "/vanha/sivu.html", "new_path": "/tags/"}
    )
    assert added.status_code == HTTPStatus.FOUND
    assert moved_to(Client(), "/vanha/sivu.html") == "/tags/"
    refused = editor_client.post(
        "/admin/core/redirect/add/", {"old_path": "vanha.html", "new_path": "javascript:x"}
    )
    html = refused.content.decode()
    assert refused.status_code == HTTPStatus.OK
    assert html.count('class="errorlist') >= 1 and "vanha.html" in html
    _author, author_client = member("Author")
    assert author_client.get("/admin/core/redirect/").status_code == HTTPStatus.FORBIDDEN


def test_an_undone_import_leaves_no_gone_addresses():
    post = PostFactory(slug="tuotu")
    with Journal() as journal:
        journal.created_posts.append(post.pk)
        journal.undo()
    assert not Redirect.objects.exists()
    assert Client().get("/posts/tuotu/").status_code == HTTPStatus.NOT_FOUND


def test_a_post_admin_rename_keeps_the_old_address_for_the_admin_too(client):
    _editor, editor_client = member("Editor")
    post = PostFactory(slug="ennen")
    edit(editor_client, post, slug="jalkeen")
    assert editor_client.get(f"{ADMIN}{post.pk}/change/").status_code == HTTPStatus.OK
    assert moved_to(client, "/posts/ennen/") == "/posts/jalkeen/"
