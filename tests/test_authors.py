import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from tests.factories import AuthorFactory, PostFactory

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
