"""A reader writes a comment through the form on the post page, and what she then sees."""

import datetime
import re
from http import HTTPStatus

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.commenting import comment_on, open_form, send
from tests.factories import AuthorFactory, CommentFactory, PostFactory

# Real commits: the page cache moves on when a transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _quick(quick_comments):
    pass


@pytest.fixture
def post():
    return PostFactory(title="Palautteen antaminen", authors=[AuthorFactory()])


def test_the_post_page_has_the_comment_form(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    for name in ("name", "email", "website", "body", "form_token", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in html
    assert (
        'type="checkbox" name="remember"' in html
        and "checked" not in html.split("remember")[1][:40]
    )
    assert 'class="hp-field" aria-hidden="true"' in html


def test_new_comment_waits_for_moderation_and_its_writer_sees_that(post):
    client = Client()
    response = comment_on(post, client, body="Tärkeä *aihe*.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(f"{post.get_absolute_url()}?unapproved={comment.pk}&")
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Kommenttisi odottaa hyväksyntää" in html
    assert f'id="comment-{comment.pk}"' in html and "<em>aihe</em>" in html
    assert "no-cache" in page["Cache-Control"]
    # Nobody else sees it, on the page or in its count.
    assert (
        f'id="comment-{comment.pk}"' not in Client().get(post.get_absolute_url()).content.decode()
    )


def test_pending_view_needs_the_right_hash(client, post):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    url = f"{post.get_absolute_url()}?unapproved={comment.pk}&moderation-hash=forged"
    assert f'id="comment-{comment.pk}"' not in client.get(url).content.decode()


def test_approved_comment_is_shown_at_once_anchored(settings, post):
    settings.COMMENTS_REQUIRE_APPROVAL = False
    client = Client()
    response = comment_on(post, client, body="Heti näkyvissä.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert "Heti näkyvissä." in client.get(post.get_absolute_url()).content.decode()


def test_known_address_is_approved_automatically(post):
    CommentFactory(post=post, email="Tuttu@Example.com", status=Comment.Status.APPROVED)
    comment_on(post, email="tuttu@example.com", body="Taas minä.")
    assert Comment.objects.get(body="Taas minä.").status == Comment.Status.APPROVED


def test_automatic_approval_of_known_addresses_can_be_turned_off(settings, post):
    settings.COMMENTS_APPROVE_KNOWN_EMAILS = False
    CommentFactory(post=post, email="tuttu@example.com", status=Comment.Status.APPROVED)
    comment_on(post, email="tuttu@example.com", body="Taas minä.")
    assert Comment.objects.get(body="Taas minä.").status == Comment.Status.PENDING


def test_an_address_with_only_pending_or_spam_comments_is_not_trusted(post):
    CommentFactory(post=post, email="x@example.com", status=Comment.Status.SPAM)
    comment_on(post, email="x@example.com", body="Uusi.")
    assert Comment.objects.get(body="Uusi.").status == Comment.Status.PENDING


def test_invalid_form_comes_back_with_messages_and_everything_typed(client, post):
    response = comment_on(
        post,
        client,
        name="",
        email="ei-osoite",
        website="javascript:alert(1)",
        body="Pitkä ja huolella kirjoitettu ajatus.",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert "Pitkä ja huolella kirjoitettu ajatus.</textarea>" in html
    assert 'value="ei-osoite"' in html
    assert html.count('class="errorlist') >= 3
    assert 'aria-invalid="true"' in html
    assert "http:// tai https://" in html
    assert not Comment.objects.exists()
    # An error list is a <ul>, which a <p> cannot hold: the browser would close the <p>.
    assert not re.search(r"<p[ >](?:(?!</p>).)*<ul class=\"errorlist", html, re.S)


def test_length_limit_is_3000_characters(client, post):
    response = comment_on(post, client, body="a" * 3001)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "3000" in response.content.decode()
    assert comment_on(post, Client(), body="a" * 3000).status_code == HTTPStatus.FOUND


def test_a_reader_replies_to_a_comment_one_level_deep(client, post):
    parent = CommentFactory(post=post, name="Aino")
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="?replytocom={parent.pk}#respond"' in html
    action, hidden = open_form(client, f"{post.get_absolute_url()}?replytocom={parent.pk}")
    assert hidden["parent"] == str(parent.pk)
    send(client, action, hidden, body="Vastaus Ainolle.")
    reply = Comment.objects.get(body="Vastaus Ainolle.")
    assert reply.parent == parent
    reply.status = Comment.Status.APPROVED
    reply.save()
    html = client.get(post.get_absolute_url()).content.decode()
    replies = html.split('class="replies"')[1]
    assert "Vastaus Ainolle." in replies
    assert f"replytocom={reply.pk}" not in html


def test_a_reply_to_a_reply_is_refused(client, post):
    parent = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=parent)
    action, hidden = open_form(client, post.get_absolute_url())
    response = send(client, action, hidden, parent=str(reply.pk), body="Syvemmälle.")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Syvemmälle.</textarea>" in response.content.decode()
    assert not Comment.objects.filter(body="Syvemmälle.").exists()


def test_a_reply_to_a_comment_on_another_post_is_refused(client, post):
    elsewhere = CommentFactory()
    action, hidden = open_form(client, post.get_absolute_url())
    response = send(client, action, hidden, parent=str(elsewhere.pk), body="Väärä paikka.")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Comment.objects.filter(body="Väärä paikka.").exists()


def test_honeypot_filled_is_refused_with_advice(client, post):
    response = comment_on(post, client, url="http://spam.example", body="Osta nyt.")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Tyhjennä se" in response.content.decode()
    assert not Comment.objects.exists()


def test_too_fast_is_refused_and_the_same_text_goes_through_after_waiting(settings, post):
    settings.COMMENTS_MIN_SECONDS = 3
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        action, hidden = open_form(client, post.get_absolute_url())
        response = send(client, action, hidden, body="Nopea.")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "Odota 3 sekuntia" in response.content.decode()
        assert not Comment.objects.exists()
        clock.shift(5)
        assert send(client, action, hidden, body="Nopea.").status_code == HTTPStatus.FOUND
    assert Comment.objects.count() == 1


def test_stale_form_is_refused_and_comes_back_renewed(post):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        action, hidden = open_form(client, post.get_absolute_url())
        clock.shift(datetime.timedelta(hours=2, minutes=1))
        response = send(client, action, hidden, body="Unohtui auki.")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        html = response.content.decode()
        assert "vanhentunut" in html and "Unohtui auki.</textarea>" in html
        from tests.commenting import form_of

        _action, renewed = form_of(response)
        assert send(client, action, renewed, body="Unohtui auki.").status_code == HTTPStatus.FOUND
    assert Comment.objects.count() == 1


def test_forged_form_token_is_refused(client, post):
    action, hidden = open_form(client, post.get_absolute_url())
    response = send(client, action, {**hidden, "form_token": "forged:123"}, body="Väärennös.")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Comment.objects.exists()


def test_replayed_form_is_refused(client, post):
    action, hidden = open_form(client, post.get_absolute_url())
    assert send(client, action, hidden, body="Ensimmäinen.").status_code == HTTPStatus.FOUND
    response = send(client, action, hidden, email="toinen@example.com", body="Toisto.")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "on jo lähettänyt" in response.content.decode()
    assert list(Comment.objects.values_list("body", flat=True)) == ["Ensimmäinen."]


def test_the_same_comment_sent_twice_is_stored_once(client, post):
    action, hidden = open_form(client, post.get_absolute_url())
    first = send(client, action, hidden, body="Tuplaklikkaus.")
    second = send(client, action, hidden, body="Tuplaklikkaus.")
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1


def test_form_without_csrf_token_is_refused_in_the_site_look_keeping_the_text(post):
    client = Client(enforce_csrf_checks=True)
    action, hidden = open_form(client, post.get_absolute_url())
    hidden.pop("csrfmiddlewaretoken")
    response = send(client, action, hidden, body="Tekstini.")
    assert response.status_code == HTTPStatus.FORBIDDEN
    html = response.content.decode()
    assert "Tekstini.</textarea>" in html and 'class="site-header"' in html
    assert not Comment.objects.exists()


def test_form_with_csrf_token_from_the_cached_page_is_accepted(post):
    Client().get(post.get_absolute_url())  # someone else fills the page cache
    client = Client(enforce_csrf_checks=True)
    response = comment_on(post, client, body="Välimuistista.")
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().body == "Välimuistista."


def test_rate_limit_per_reader_and_post(settings, post):
    settings.COMMENTS_RATE_LIMIT = (2, 60)
    statuses = [comment_on(post, body=f"Viesti {n}.").status_code for n in range(3)]
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS]
    assert comment_on(post, ip="198.51.100.7", body="Toinen lukija.").status_code == 302
    assert comment_on(PostFactory(), body="Toinen kirjoitus.").status_code == 302
    assert Comment.objects.count() == 4


def test_rate_limit_per_reader_over_the_whole_site(settings):
    settings.COMMENTS_SITE_RATE_LIMIT = (2, 60)
    posts = PostFactory.create_batch(3)
    statuses = [comment_on(post, body="Kiertävä.").status_code for post in posts]
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS]


def test_rate_limit_window_passes(settings, post):
    settings.COMMENTS_RATE_LIMIT = (1, 60)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert comment_on(post, body="Eka.").status_code == HTTPStatus.FOUND
        assert comment_on(post, body="Toka.").status_code == HTTPStatus.TOO_MANY_REQUESTS
        clock.shift(61)
        assert comment_on(post, body="Toka.").status_code == HTTPStatus.FOUND


def test_rate_limited_reader_keeps_her_text(settings, post):
    settings.COMMENTS_RATE_LIMIT = (1, 60)
    client = Client()
    comment_on(post, client, body="Eka.")
    response = comment_on(post, client, body="Toka, kirjoitettu huolella.")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = response.content.decode()
    assert "Toka, kirjoitettu huolella.</textarea>" in html and "Odota hetki" in html
    assert Comment.objects.count() == 1


def test_closed_post_takes_no_comments_and_says_so(client, post):
    post.comments_open = False
    post.save()
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'class="comment-form"' not in html and "Kommentointi on suljettu" in html
    response = client.post(
        f"{post.get_absolute_url()}comments/",
        {"name": "A", "email": "a@example.com", "body": "Myöhässä."},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Myöhässä.</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_close_by_themselves_days_after_publishing(client, post):
    post.comments_close_after_days = 30
    post.published_at = timezone.now() - datetime.timedelta(days=29)
    post.save()
    action, hidden = open_form(client, post.get_absolute_url())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        response = send(client, action, hidden, body="Liian myöhään.")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.exists()


def test_site_default_closes_comments_unless_the_post_says_otherwise(settings, client):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    old = PostFactory(published_at=timezone.now() - datetime.timedelta(days=20))
    kept_open = PostFactory(
        published_at=timezone.now() - datetime.timedelta(days=20), comments_close_after_days=60
    )
    assert not old.accepts_comments()
    assert kept_open.accepts_comments()
    assert 'class="comment-form"' not in client.get(old.get_absolute_url()).content.decode()


def test_drafts_take_no_comments(client):
    draft = PostFactory(status="draft", published_at=None)
    response = client.post(f"/posts/{draft.slug}/comments/", {"body": "x"})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_get_on_the_comment_address_is_not_allowed(client, post):
    assert client.get(f"{post.get_absolute_url()}comments/").status_code == 405


def test_remember_me_is_a_labelled_checkbox_off_by_default(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<input type="checkbox" name="remember" id="id_remember">' in html
    assert '<label for="id_remember">Muista nimeni ja sähköpostini tässä selaimessa</label>' in html
    assert '<script src="/static/js/comments.js" defer></script>' in html


def test_a_new_comment_is_rendered_once(post, monkeypatch):
    import comments.models

    rendered = []
    real = comments.models.render_markdown
    monkeypatch.setattr(
        comments.models, "render_markdown", lambda *args: rendered.append(args[0]) or real(*args)
    )
    comment_on(post, body="Kerran riittää.")
    assert rendered == ["Kerran riittää."]


def test_two_form_errors_do_not_run_together(post):
    import re

    from django.template.loader import render_to_string

    from comments.forms import CommentForm

    form = CommentForm({}, post=post)
    form.is_valid()
    form.add_error(None, "Ensimmäinen virhe.")
    form.add_error("form_token", "Toinen virhe.")
    html = render_to_string("comments/_form.html", {"comment_form": form, "post": post})
    errors = re.search(r'<div class="form-errors".*?</div>', html, re.DOTALL).group(0)
    text = re.sub(r"<[^>]+>", "", errors)
    assert "Ensimmäinen virhe." in text and "Toinen virhe." in text
    # Read as text (a screen reader, a copy), every message ends before the next begins.
    assert not re.search(r"\.[A-ZÄÖ]", text)
