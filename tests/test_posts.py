import datetime

import pytest
import time_machine
from django.utils import timezone

from blog.models import Post
from tests.factories import AuthorFactory, PostFactory

pytestmark = pytest.mark.django_db


def hours_from_now(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


def test_published_post_in_the_past_is_visible():
    post = PostFactory(published_at=hours_from_now(-1))
    assert list(Post.objects.published()) == [post]


def test_draft_is_not_visible():
    PostFactory(status=Post.Status.DRAFT, published_at=hours_from_now(-1))
    assert not Post.objects.published().exists()


def test_scheduled_post_is_not_visible_yet():
    post = PostFactory(published_at=hours_from_now(2))
    assert not Post.objects.published().exists()
    assert list(Post.objects.scheduled()) == [post]
    assert post.is_scheduled


def test_scheduled_post_appears_when_its_time_comes_without_any_job():
    post = PostFactory(published_at=hours_from_now(2))
    with time_machine.travel(hours_from_now(3)):
        assert list(Post.objects.published()) == [post]
        assert not Post.objects.scheduled().exists()


def test_publishing_without_a_time_publishes_now():
    post = PostFactory(status=Post.Status.DRAFT, published_at=None)
    assert post.published_at is None
    post.status = Post.Status.PUBLISHED
    post.save(update_fields=["status"])
    post.refresh_from_db()
    assert post.published_at is not None
    assert post.published_at <= timezone.now()
    assert list(Post.objects.published()) == [post]


def test_published_posts_are_newest_first():
    old = PostFactory(published_at=hours_from_now(-48))
    new = PostFactory(published_at=hours_from_now(-1))
    assert list(Post.objects.published()) == [new, old]


def test_body_is_rendered_and_sanitized_on_save():
    post = PostFactory(body="# Otsikko\n\nTeksti **lihava** <script>alert(1)</script>")
    assert '<h2 id="h-otsikko">Otsikko</h2>' in post.body_html
    assert "<strong>lihava</strong>" in post.body_html
    assert "script" not in post.body_html
    post.refresh_from_db()
    assert "<strong>lihava</strong>" in post.body_html


def test_partial_save_keeps_rendered_body_in_step():
    post = PostFactory(body="vanha")
    post.body = "*uusi*"
    post.save(update_fields=["body"])
    post.refresh_from_db()
    assert post.body_html == "<p><em>uusi</em></p>"


def test_excerpt_is_the_first_paragraph_when_not_written():
    post = PostFactory(
        body="## Alku\n\nEnsimmäinen *kappale* on tässä.\n\n> lainaus\n\nToinen kappale."
    )
    assert post.summary == "Ensimmäinen kappale on tässä."


def test_excerpt_skips_a_leading_quote_and_list():
    post = PostFactory(body="> Lainaus ensin\n\n- kohta\n\nVarsinainen alku.")
    assert post.summary == "Varsinainen alku."


def test_written_excerpt_wins():
    post = PostFactory(excerpt="  Oma   tiivistelmä. ", body="Ensimmäinen kappale.")
    assert post.summary == "Oma tiivistelmä."


def test_long_first_paragraph_is_cut_at_a_word():
    post = PostFactory(body=" ".join(["työelämä"] * 100))
    assert len(post.summary) <= 300
    assert post.summary.endswith("…")
    assert post.summary[:-1].split()[-1] == "työelämä"


def test_excerpt_leaves_out_footnote_markers():
    post = PostFactory(body="Väite[^1] tässä.\n\n[^1]: Lähde.")
    assert post.summary == "Väite tässä."


def test_reading_time_counts_words():
    assert PostFactory(body="sana " * 10).reading_time == 1
    assert PostFactory(body="sana " * 200).reading_time == 1
    assert PostFactory(body="sana " * 201).reading_time == 2
    assert PostFactory(body="sana " * 1000).reading_time == 5


def test_reading_time_counts_images():
    images = "\n\n".join(f"![kuva {n}](/media/k{n}.jpg)" for n in range(10))
    assert PostFactory(body="sana " * 190 + "\n\n" + images).reading_time == 3


def test_reading_time_ignores_code_blocks_words_only_count_prose():
    assert PostFactory(body="```\n" + "koodi " * 1000 + "\n```").reading_time == 1


def test_authors_keep_their_order_and_first_is_primary():
    saija, marjaana, riina = (AuthorFactory(display_name=name) for name in ["S", "M", "R"])
    post = PostFactory(authors=[riina, saija, marjaana])
    post = Post.objects.with_listing_relations().get(pk=post.pk)
    assert post.author_list == [riina, saija, marjaana]
    assert post.primary_author == riina


def test_set_authors_replaces_the_byline():
    first, second = AuthorFactory(), AuthorFactory()
    post = PostFactory(authors=[first, second])
    post.set_authors([second])
    assert post.author_list == [second]


def test_post_may_have_no_author_until_an_editor_assigns_one():
    post = PostFactory()
    assert post.author_list == []
    assert post.primary_author is None


def test_absolute_url_is_the_post_page():
    assert PostFactory(title="Hyvä työpäivä").get_absolute_url() == "/posts/hyva-tyopaiva/"


def test_listing_relations_cost_constant_queries(django_assert_num_queries):
    authors = [AuthorFactory() for _ in range(3)]
    for n in range(5):
        PostFactory(authors=authors[: n % 3 + 1], tags=["hr", f"tag{n}"])
    with django_assert_num_queries(3):
        posts = list(Post.objects.published().with_listing_relations())
        names = [[a.display_name for a in post.author_list] for post in posts]
        tags = [[t.name for t in post.tags.all()] for post in posts]
    assert len(names) == len(tags) == 5
