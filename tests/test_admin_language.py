"""The admin in the writer's language: history, import notes, roles, and the other apps' parts."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.test import Client
from taggit.models import Tag

from blog.models import Post
from core import text_analysis
from tests.authoring import ADMIN, edit, member, post_of
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_history_names_the_changed_fields_in_each_readers_language():
    user, client = member("Author")
    post = post_of(user, title="Vanha", body="Vanha teksti.", status="draft", published_at=None)
    edit(client, post, title="Uusi", body="Uusi teksti.")
    assert (
        "Muutettu otsikko ja teksti." in client.get(f"{ADMIN}{post.pk}/history/").content.decode()
    )
    english = in_english(client).get(f"{ADMIN}{post.pk}/history/").content.decode()
    assert "Changed title and body." in english and "Muutettu" not in english


def test_the_edit_checks_hidden_time_is_not_a_change_of_its_own():
    user, client = member("Author")
    post = post_of(user, title="Vanha", status="draft", published_at=None)
    # Later than the last save (no conflict) but not the form's own value: a changed field.
    opened_at = (post.updated_at + datetime.timedelta(minutes=1)).isoformat()
    edit(client, post, title="Uusi", opened_at=opened_at)
    entry = LogEntry.objects.get(object_id=str(post.pk))
    assert entry.get_change_message() == "Muutettu otsikko."


def test_import_notes_are_shown_in_each_writers_language():
    user, client = member("Editor")
    post = PostFactory(
        import_notes=[
            {"message": "Private in WordPress: imported as a draft.", "values": {}},
            {
                "message": "Picture left out (%(why)s): %(address)s",
                "values": {
                    "why": {"message": "not in the media folder", "values": {}},
                    "address": "https://vanha.example/kuva.jpg",
                },
            },
        ]
    )
    finnish = client.get(f"{ADMIN}{post.pk}/change/").content.decode()
    assert "<li>Yksityinen WordPressissä: tuotu luonnoksena.</li>" in finnish
    assert "Kuva jätetty pois (ei mediakansiossa): https://vanha.example/kuva.jpg" in finnish
    english = in_english(client).get(f"{ADMIN}{post.pk}/change/").content.decode()
    assert "Picture left out (not in the media folder): https://vanha.example/kuva.jpg" in english


def test_roles_have_finnish_names_for_finnish_readers_and_stay_english_in_the_database():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    groups = client.get("/admin/auth/group/").content.decode()
    assert all(name in groups for name in ("Avustaja", "Kirjoittaja", "Toimittaja"))
    assert "Contributor" not in groups
    assert in_english(client).get("/admin/auth/group/").content.decode().count("Contributor")
    assert Group.objects.filter(name="Contributor").exists()


def test_permissions_are_named_in_the_readers_language():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    editor = Group.objects.get(name="Editor")
    html = client.get(f"/admin/auth/group/{editor.pk}/change/").content.decode()
    assert "Blogi | kirjoitus | Voi lisätä" in html
    assert "Can add" not in html and "Can publish" not in html


def test_merging_tags_moves_their_posts_and_what_search_finds():
    _user, client = member("Editor")
    old = Tag.objects.create(name="esimiestyö")
    other = Tag.objects.create(name="johtaminen")
    post = PostFactory(title="Palautteesta", tags=[old])
    both = PostFactory(title="Kehityskeskustelu", tags=[old, other])
    response = client.post(
        "/admin/taggit/tag/",
        {"action": "merge_selected", "_selected_action": [old.pk, other.pk]},
    )
    assert response["Location"] == "/admin/taggit/tag/merge-tags/"
    page = client.get(response["Location"]).content.decode()
    assert "Yhdistä tagiin" in page and "esimiestyö" in page
    response = client.post(response["Location"], {"new_tag_name": "Esihenkilötyö"}, follow=True)
    assert "Tagit yhdistetty: 2 kirjoitusta muuttui." in response.content.decode()
    for merged in (post, both):
        assert [tag.name for tag in merged.tags.all()] == ["Esihenkilötyö"]
    post.refresh_from_db()
    assert set(text_analysis.terms("Esihenkilötyö")) <= set(post.search_labels.split())
    assert not set(text_analysis.terms("esimiestyö")) & set(post.search_labels.split())
    assert Post.objects.filter(tags__name="esimiestyö").count() == 0


def test_a_writer_cannot_merge_tags():
    _user, client = member("Author")
    tag = Tag.objects.create(name="palaute")
    client.post("/admin/taggit/tag/", {"action": "merge_selected", "_selected_action": [tag.pk]})
    client.post("/admin/taggit/tag/merge-tags/", {"new_tag_name": "kaapattu"})
    assert not Tag.objects.filter(name="kaapattu").exists()
