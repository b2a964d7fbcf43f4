import datetime
from http import HTTPStatus

import pytest
from django.utils import timezone

from tests.factories import AuthorFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_posts_with_authors(client):
    author = AuthorFactory(display_name="Saija Vuorinen")
    PostFactory(title="Näkyvä kirjoitus", authors=[author])
    PostFactory(title="Luonnos", status="draft")
    PostFactory(title="Ajastettu", published_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Näkyvä kirjoitus" in html
    assert "Saija Vuorinen" in html
    assert "Luonnos" not in html
    assert "Ajastettu" not in html
    assert '<html lang="fi"' in html


def test_home_pages_by_ten(client):
    for n in range(12):
        PostFactory(title=f"Kirjoitus {n:02d}")
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert first.count('class="h-entry post-summary card') == 10
    assert second.count('class="h-entry post-summary card') == 2
    assert "Sivu 1/2" in first and "Sivu 2/2" in second
    assert client.get("/?page=3").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/?page=0").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/?page=last").content.decode().count("post-summary card") == 2


def test_post_page_shows_the_rendered_body(client):
    post = PostFactory(title="Työn ilo", body="**Tärkeää** asiaa.")
    response = client.get("/posts/tyon-ilo/")
    assert response.status_code == HTTPStatus.OK
    assert '<div class="e-content"><p><strong>Tärkeää</strong> asiaa.</p></div>' in (
        response.content.decode()
    )
    assert post.get_absolute_url() == "/posts/tyon-ilo/"


@pytest.mark.parametrize("status,delta", [("draft", -1), ("published", 1)])
def test_hidden_post_is_404_for_readers(client, status, delta):
    post = PostFactory(status=status, published_at=timezone.now() + datetime.timedelta(days=delta))
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_editor_previews_a_draft_with_a_banner_and_no_caching(admin_client):
    post = PostFactory(status="draft", title="Keskeneräinen")
    response = admin_client.get(post.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert '<p class="draft-banner" role="status">' in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_staff_without_permission_cannot_preview(client):
    client.force_login(UserFactory(is_staff=True))
    post = PostFactory(status="draft")
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_published_post_has_no_banner_for_editors(admin_client):
    post = PostFactory()
    response = admin_client.get(post.get_absolute_url())
    assert 'class="draft-banner"' not in response.content.decode()
    assert "no-cache" not in response.get("Cache-Control", "")


def test_author_page_lists_only_her_visible_posts(client):
    author = AuthorFactory(display_name="Riina Michelsson", bio="Asiakaspalvelun *asiantuntija*.")
    PostFactory(title="Riinan kirjoitus", authors=[author])
    PostFactory(title="Riinan luonnos", authors=[author], status="draft")
    PostFactory(title="Muiden kirjoitus")
    response = client.get(author.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<em>asiantuntija</em>" in html
    assert "Riinan kirjoitus" in html
    assert "Riinan luonnos" not in html
    assert "Muiden kirjoitus" not in html


def test_authors_page_lists_authors_with_visible_posts(client):
    PostFactory(authors=[AuthorFactory(display_name="Marjaana Jokinen")])
    AuthorFactory(display_name="Ei kirjoituksia")
    html = client.get("/authors/").content.decode()
    assert "Marjaana Jokinen" in html
    assert "Ei kirjoituksia" not in html


def test_admin_post_list_opens(admin_client):
    PostFactory()
    assert admin_client.get("/admin/blog/post/").status_code == HTTPStatus.OK
    assert admin_client.get("/admin/blog/post/add/").status_code == HTTPStatus.OK


def test_unknown_date_is_not_shown_as_a_date(client):
    PostFactory(title="Päivämäärä hukassa", date_unknown=True)
    PostFactory(title="Päivätty", published_at=timezone.now() - datetime.timedelta(days=3))
    html = client.get("/").content.decode()
    assert html.count('class="dt-published"') == 1
