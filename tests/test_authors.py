from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from authors.models import Author
from blog.models import Post
from tests.authoring import member
from tests.factories import AuthorFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_bio_is_rendered_and_sanitized_on_save():
    author = AuthorFactory(
        bio="HR-kumppani. [Blogi](https://example.com) <img src=x onerror=alert(1)>"
    )
    assert author.bio_html == (
        '<p>HR-kumppani. <a href="https://example.com" rel="noopener">Blogi</a> '
        "&lt;img src=x onerror=alert(1)&gt;</p>"
    )


def test_author_page_url_uses_the_slug():
    assert AuthorFactory(display_name="Riina Michelsson").get_absolute_url() == (
        "/authors/riina-michelsson/"
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com/", "data:text/html,x"])
def test_website_must_be_a_web_address(url):
    author = AuthorFactory.build(website=url)
    with pytest.raises(ValidationError) as error:
        author.full_clean(exclude=["user"])
    assert "alkaa http:// tai https://" in str(error.value.message_dict["website"])


def test_author_with_posts_cannot_be_deleted_silently():
    author = AuthorFactory()
    PostFactory(authors=[author])
    with pytest.raises(ProtectedError):
        author.delete()


def test_one_profile_per_user():
    author = AuthorFactory()
    assert author.user.author_profile == author


def pages_of(author):
    return (author.get_absolute_url(), f"{author.get_absolute_url()}feed/")


def test_a_writer_without_a_published_post_has_no_public_page(client):
    user, _client = member("Author")
    author = user.author_profile
    PostFactory(authors=[author], status=Post.Status.DRAFT)
    for url in (*pages_of(author), "/authors/", "/sitemap-authors.xml"):
        response = client.get(url)
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND), url
        if response.status_code == HTTPStatus.OK:
            assert author.get_absolute_url() not in response.content.decode(), url
    assert [client.get(url).status_code for url in pages_of(author)] == [404, 404]
    PostFactory(authors=[author])
    cache.clear()
    assert [client.get(url).status_code for url in pages_of(author)] == [200, 200]


def test_an_editor_makes_a_profile_public_before_any_post(client):
    user, writer = member("Author")
    author = user.author_profile
    form = {"display_name": "Riina Uusi", "slug": author.slug, "public_profile": "on"}
    writer.post(f"/admin/authors/author/{author.pk}/change/", form)
    author.refresh_from_db()
    assert not author.public_profile, "a writer cannot make her own page public"
    _editor_user, editor = member("Editor")
    form["user"] = user.pk
    response = editor.post(f"/admin/authors/author/{author.pk}/change/", form)
    assert response.status_code == HTTPStatus.FOUND
    assert [client.get(url).status_code for url in pages_of(author)] == [200, 200]
    index = client.get("/authors/").content.decode()
    listed = index.split(f'href="{author.get_absolute_url()}">Riina Uusi</a>')[1]
    assert "0 kirjoitusta" in listed.split("</li>")[0]


def test_a_new_writer_is_never_named_by_her_sign_in_name():
    user = UserFactory(username="rmichelsson", first_name="", last_name="", is_staff=True)
    user.groups.add(Group.objects.get(name="Author"))
    author = Author.objects.get(user=user)
    assert "rmichelsson" not in author.display_name and "rmichelsson" not in author.slug
