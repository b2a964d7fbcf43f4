import pytest

from blog.models import Post
from core.slugs import slugify_fi, unique_slug
from tests.factories import AuthorFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Työn ilo", "tyon-ilo"),
        ("Ääni ja Öljy", "aani-ja-oljy"),
        ("Åland – saaristo", "aland-saaristo"),
        ("Miksi osaamisen kehittäminen työssä on tärkeää? – Kolme näkökulmaa",
         "miksi-osaamisen-kehittaminen-tyossa-on-tarkeaa-kolme-nakokulmaa"),
        ("MITEN SINUSTAKIN TULEE \"CAN DO\" -TYYPPI?", "miten-sinustakin-tulee-can-do-tyyppi"),
    ],
)  # fmt: skip
def test_finnish_letters_are_transliterated(title, slug):
    assert slugify_fi(title) == slug


def test_non_breaking_spaces_separate_words():
    assert slugify_fi("Paras\u00a0hyöty irti\u202ftiimityöstä") == "paras-hyoty-irti-tiimityosta"


def test_slug_is_ascii_only():
    assert slugify_fi("Smörgåsbord ja ŝpinaĉo ÆØ").isascii()


def test_post_slug_comes_from_title():
    post = PostFactory(title="Asiakaspalvelu on tärkeää")
    assert post.slug == "asiakaspalvelu-on-tarkeaa"


def test_colliding_titles_get_numbered_slugs():
    slugs = [PostFactory(title="Sama otsikko").slug for _ in range(3)]
    assert slugs == ["sama-otsikko", "sama-otsikko-2", "sama-otsikko-3"]


def test_slug_stays_when_title_changes():
    post = PostFactory(title="Vanha otsikko")
    post.title = "Uusi otsikko"
    post.save()
    post.refresh_from_db()
    assert post.slug == "vanha-otsikko"


def test_saving_again_keeps_own_slug():
    post = PostFactory(title="Oma otsikko")
    post.save()
    assert post.slug == "oma-otsikko"


def test_title_without_letters_gets_fallback_slug():
    assert PostFactory(title="???").slug == "post"


def test_long_text_is_cut_at_a_word_within_the_field():
    slug = unique_slug(Post(), "pitkä " * 60)
    assert len(slug) <= 200
    assert not slug.endswith("-")
    assert slug.endswith("pitka")


def test_long_colliding_titles_stay_within_the_field():
    # The longest title the field takes, so only the "-2" can push the slug over.
    first = PostFactory(title="sana " * 40)
    second = PostFactory(title="sana " * 40)
    assert second.slug != first.slug
    assert len(second.slug) <= 200
    assert second.slug.endswith("-2")


def test_author_slug_comes_from_name():
    assert AuthorFactory(display_name="Marjaana Jokinen").slug == "marjaana-jokinen"
    assert AuthorFactory(display_name="Marjaana Jokinen").slug == "marjaana-jokinen-2"
