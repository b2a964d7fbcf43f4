"""Writing in the admin: the editor and its preview, tags, the post list, scheduling, revisions."""

import datetime
import html
import re
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.utils import timezone
from reversion.models import Version

from blog.models import Post
from tests.authoring import ADMIN, edit, member, post_of
from tests.factories import AuthorFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

PREVIEW = f"{ADMIN}preview/"
SAMPLE = """# Otsikko

Tekstiä **lihavoituna**, [linkki](https://example.fi) ja [vaara](javascript:alert(1)).

<script>alert("xss")</script><img src=x onerror=alert(1)>

| A | B |
|---|---|
| 1 | 2 |

Alaviite[^1].

[^1]: Lähde.
"""


def article_body(page):
    match = re.search(r'<div class="e-content">(.*?)</div>\n', page, re.S)
    assert match, "the post page has no e-content"
    return match.group(1).strip()


def test_preview_is_exactly_the_public_rendering(client):
    user, admin_client = member("Author")
    response = admin_client.post(PREVIEW, {"text": SAMPLE})
    assert response.status_code == HTTPStatus.OK
    preview = response.json()["html"]
    post = post_of(user, body=SAMPLE)
    assert preview == post.body_html
    assert article_body(client.get(post.get_absolute_url()).content.decode()) == preview
    assert "<script" not in preview and "onerror" not in preview and "javascript:" not in preview
    assert "<table>" in preview and 'class="footnote' in preview


def test_bio_preview_uses_the_bio_rules():
    _user, client = member("Author")
    response = client.post("/admin/authors/author/preview/", {"text": "# Iso\n\n| a |\n|---|"})
    bio = response.json()["html"]
    assert "<h" not in bio and "<table" not in bio


def test_preview_is_for_writers_only(client):
    assert client.post(PREVIEW, {"text": "x"}).status_code == HTTPStatus.FOUND
    client.force_login(UserFactory(is_staff=True))
    assert client.post(PREVIEW, {"text": "x"}).status_code == HTTPStatus.FORBIDDEN
    _user, writer = member("Contributor")
    assert writer.get(PREVIEW).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_change_form_has_the_editor_served_from_our_static_files():
    user, client = member("Author")
    page = client.get(f"{ADMIN}{post_of(user).pk}/change/").content.decode()
    assert 'data-markdown-editor="1"' in page
    assert f'data-preview-url="{PREVIEW}"' in page
    assert f'data-upload-url="{ADMIN}upload-image/"' in page
    assert "/static/vendor/easymde/easymde.min.js" in page
    assert "/static/blog/admin/markdown-editor.js" in page
    for asset in (
        "vendor/easymde/easymde.min.js",
        "vendor/easymde/easymde.min.css",
        "vendor/fontawesome/css/solid.min.css",
        "vendor/fontawesome/webfonts/fa-solid-900.woff2",
    ):
        assert finders.find(asset), f"{asset} is missing: run make install (npm ci)"
    # The labels are the admin's language, Finnish by default.
    assert "Lihavointi" in html.unescape(page)


def test_slug_is_filled_from_the_title_in_the_form():
    _user, client = member("Author")
    page = client.get(f"{ADMIN}add/").content.decode()
    fields = re.search(r'data-prepopulated-fields="([^"]+)"', page).group(1)
    assert '"id": "#id_slug"' in html.unescape(fields)
    assert '"dependency_list": ["title"]' in html.unescape(fields)


def test_tag_suggestions_start_with_what_was_typed(client):
    PostFactory(tags=["työelämä", "työhyvinvointi", "etätyö", "asiakaspalvelu"])
    _user, writer = member("Contributor")
    response = writer.get(f"{ADMIN}tag-suggestions/", {"q": "TYÖ"})
    assert response.json() == {"tags": ["työelämä", "työhyvinvointi", "etätyö"]}
    page = writer.get(f"{ADMIN}add/").content.decode()
    assert f'data-tag-suggest-url="{ADMIN}tag-suggestions/"' in page
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"{ADMIN}tag-suggestions/", {"q": "työ"}).status_code == 403


def listed_titles(client, query=""):
    page = client.get(f"{ADMIN}{query}").content.decode()
    return set(re.findall(r'<th class="field-title"><a [^>]*>([^<]+)</a>', page))


def test_list_filters_for_author_attribution_schedule_and_unknown_date():
    _user, client = member("Editor")
    saija = AuthorFactory(display_name="Saija Vuorinen")
    PostFactory(title="Saijan teksti", authors=[saija])
    PostFactory(title="Tekijätön", authors=[])
    PostFactory(title="Ajastettu", authors=[saija],
                published_at=timezone.now() + datetime.timedelta(days=2))  # fmt: skip
    PostFactory(title="Päiväys hukassa", authors=[saija], date_unknown=True)
    assert listed_titles(client, f"?author={saija.pk}") == {
        "Saijan teksti", "Ajastettu", "Päiväys hukassa"
    }  # fmt: skip
    assert listed_titles(client, "?attributed=no") == {"Tekijätön"}
    assert listed_titles(client, "?publication=scheduled") == {"Ajastettu"}
    assert "Ajastettu" not in listed_titles(client, "?publication=live")
    assert listed_titles(client, "?date_unknown__exact=1") == {"Päiväys hukassa"}


def test_list_shows_authors_tags_and_schedule():
    _user, client = member("Editor")
    saija = AuthorFactory(display_name="Saija Vuorinen")
    riina = AuthorFactory(display_name="Riina Michelsson")
    PostFactory(title="Yhteinen", authors=[saija, riina], tags=["työelämä"],
                published_at=timezone.now() + datetime.timedelta(days=1))  # fmt: skip
    page = client.get(ADMIN).content.decode()
    assert "Saija Vuorinen, Riina Michelsson" in page
    assert '<td class="field-tag_list">työelämä</td>' in page
    assert '<span class="post-scheduled">Ajastettu</span>' in page


def test_post_list_query_count_does_not_grow_with_posts(django_assert_num_queries):
    _user, client = member("Editor")
    authors = AuthorFactory.create_batch(2)
    PostFactory.create_batch(3, authors=authors, tags=["a", "b"])
    client.get(ADMIN)
    # The 17th counts the posts still without a real date (the notice above the list).
    with django_assert_num_queries(17) as few:
        client.get(ADMIN)
    counted = len(few.captured_queries)
    PostFactory.create_batch(20, authors=authors, tags=["a", "b"])
    # As after the first posts: the first request after a write looks for scheduled posts.
    client.get(ADMIN)
    with django_assert_num_queries(counted):
        client.get(ADMIN)


def test_scheduled_post_goes_out_by_itself_at_its_time(client):
    user, admin_client = member("Author")
    post = post_of(user, title="Maanantain kirjoitus", status="draft", published_at=None)
    edit(admin_client, post, status="published", published_at_0="2030-03-04",
         published_at_1="08:00:00")  # fmt: skip
    post.refresh_from_db()
    assert post.published_at == datetime.datetime(2030, 3, 4, 6, 0, tzinfo=datetime.UTC)
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert "Maanantain kirjoitus" not in client.get("/").content.decode()
    with time_machine.travel(datetime.datetime(2030, 3, 4, 6, 1, tzinfo=datetime.UTC)):
        assert client.get(post.get_absolute_url()).status_code == HTTPStatus.OK
        assert "Maanantain kirjoitus" in client.get("/").content.decode()


def versions_of(post):
    return list(Version.objects.get_for_object(post).order_by("pk"))


def test_every_save_keeps_a_version_and_an_editor_restores_one(client):
    _user, editor = member("Editor")
    saija = AuthorFactory(display_name="Saija Vuorinen")
    post = PostFactory(title="Alkuperäinen", body="Ensimmäinen versio.", authors=[saija])
    edit(editor, post, title="Toinen", body="Toinen versio.",
         **{"bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0"})  # fmt: skip
    post.refresh_from_db()
    edit(editor, post, title="Kolmas", body="Kolmas versio.")
    first, second, third = versions_of(post)
    assert first.field_dict["body"] == "Ensimmäinen versio."
    assert second.field_dict["title"] == "Toinen" and third.field_dict["title"] == "Kolmas"
    assert second.revision.user.groups.filter(name="Editor").exists()

    history = editor.get(f"{ADMIN}{post.pk}/history/").content.decode()
    assert "Toinen" in history and "compare" in history
    compare = editor.get(
        f"{ADMIN}{post.pk}/history/compare/",
        {"version_id1": first.pk, "version_id2": third.pk},
    ).content.decode()
    assert "Ensimmäinen versio." in compare and "Kolmas versio." in compare

    revision_url = f"{ADMIN}{post.pk}/history/{first.pk}/"
    form = editor.get(revision_url)
    assert form.status_code == HTTPStatus.OK
    post.refresh_from_db()
    assert post.title == "Kolmas", "looking at an old version changes nothing"
    shown = form.context["adminform"].form.initial
    assert shown["body"] == "Ensimmäinen versio."
    # Saving the old version's form, as the browser sends it, restores it.
    response = edit(editor, post, url=revision_url, title=shown["title"], body=shown["body"])
    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.body == "Ensimmäinen versio."
    assert "Ensimmäinen versio." in client.get(post.get_absolute_url()).content.decode()


def test_an_author_cannot_reach_or_restore_another_writers_versions():
    _user, editor = member("Editor")
    other = PostFactory(title="Toisen", body="Alkuperäinen.", authors=[AuthorFactory()])
    edit(editor, other, body="Muokattu.")
    old = versions_of(other)[0]
    _author, client = member("Author")
    for url in (
        f"{ADMIN}{other.pk}/history/",
        f"{ADMIN}{other.pk}/history/compare/?version_id1={old.pk}&version_id2={old.pk + 1}",
        f"{ADMIN}{other.pk}/history/{old.pk}/",
        f"{ADMIN}recover/",
    ):
        assert client.get(url).status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND), url
    client.post(f"{ADMIN}{other.pk}/history/{old.pk}/", {"title": "Toisen", "body": "x"})
    other.refresh_from_db()
    assert other.body == "Muokattu."


def test_date_and_time_inputs_have_labels_and_admin_pages_our_accessibility_styles():
    _user, client = member("Author")
    page = client.get(f"{ADMIN}add/").content.decode()
    assert re.search(r'<label for="id_published_at_0">[^<]+</label>', page)
    assert re.search(r'<label for="id_published_at_1">[^<]+</label>', page)
    assert "/static/blog/admin/admin.css" in page
    assert "/static/blog/admin/admin.css" in client.get("/admin/").content.decode()


def byline_forms(post, authors):
    """The byline inline as the admin's form sends it: the rows there are, then new ones."""
    rows = list(post.bylines.all())
    data = {"bylines-TOTAL_FORMS": str(len(authors)), "bylines-INITIAL_FORMS": str(len(rows))}
    for index, author in enumerate(authors):
        if index < len(rows):
            data[f"bylines-{index}-id"] = str(rows[index].pk)
        data.update(
            {
                f"bylines-{index}-post": str(post.pk),
                f"bylines-{index}-author": str(author.pk),
                f"bylines-{index}-position": str(index),
            }
        )
    return data


def restore_first_version(client, post):
    revision_url = f"{ADMIN}{post.pk}/history/{versions_of(post)[0].pk}/"
    shown = client.get(revision_url).context["adminform"].form.initial
    return edit(client, post, url=revision_url, title=shown["title"], body=shown["body"])


def test_a_contributor_restoring_a_version_keeps_the_co_author_an_editor_added():
    user, contributor = member("Contributor")
    post = post_of(user, title="Luonnos", body="Ensimmäinen.", status=Post.Status.DRAFT)
    edit(contributor, post, body="Toinen.")
    _editor_user, editor = member("Editor")
    co_author = AuthorFactory(display_name="Marjaana Jokinen")
    response = edit(editor, post, **byline_forms(post, [user.author_profile, co_author]))
    assert response.status_code == HTTPStatus.FOUND
    assert post.author_list == [user.author_profile, co_author]
    response = restore_first_version(contributor, post)
    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.body == "Ensimmäinen."
    assert post.author_list == [user.author_profile, co_author]


def test_a_contributor_restoring_a_published_version_leaves_her_post_a_draft():
    user, contributor = member("Contributor")
    post = post_of(user, status=Post.Status.DRAFT, body="Luonnos.")
    _editor_user, editor = member("Editor")
    edit(editor, post, status=Post.Status.PUBLISHED, body="Julkaistu.")
    post.refresh_from_db()
    edit(editor, post, status=Post.Status.DRAFT, body="Takaisin luonnokseksi.")
    post.refresh_from_db()
    versions = versions_of(post)
    published = next(v for v in versions if v.field_dict["status"] == Post.Status.PUBLISHED)
    revision_url = f"{ADMIN}{post.pk}/history/{published.pk}/"
    response = edit(contributor, post, url=revision_url, body="Julkaistu.")
    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.body == "Julkaistu." and post.status == Post.Status.DRAFT
    assert not Post.objects.published().filter(pk=post.pk).exists()
