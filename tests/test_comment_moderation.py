"""Moderation: the rules that hold comments back, the admin queue, the authors' email, privacy."""

import io
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client

from comments.models import BlockedTerm, Comment
from tests.commenting import comment_on
from tests.factories import AuthorFactory, CommentFactory, PostFactory, UserFactory
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _approved_at_once(quick_comments, settings):
    settings.COMMENTS_REQUIRE_APPROVAL = False


@pytest.fixture
def saija():
    return AuthorFactory(display_name="Saija", user__email="saija@example.com")


@pytest.fixture
def post(saija):
    return PostFactory(title="Palaute", authors=[saija])


def status_of(body):
    return Comment.objects.get(body=body).status


def test_more_links_than_allowed_are_held(settings, post):
    settings.COMMENTS_MAX_LINKS = 2
    comment_on(post, body="https://a.example https://b.example")
    comment_on(post, body="https://a.example https://b.example [c](https://c.example)")
    assert status_of("https://a.example https://b.example") == Comment.Status.APPROVED
    held = Comment.objects.get(body__contains="[c]")
    assert held.status == Comment.Status.PENDING
    assert "3" in held.moderation_note_text()


def test_blocked_word_marks_spam_in_any_case_and_field(post):
    BlockedTerm.objects.create(kind="word", value="Kasino", action="spam")
    comment_on(post, body="Paras KASINObonus!")
    comment_on(post, name="kasino-kalle", body="Hei.")
    assert status_of("Paras KASINObonus!") == Comment.Status.SPAM
    assert status_of("Hei.") == Comment.Status.SPAM


def test_blocked_word_set_to_hold_waits_for_moderation(post):
    BlockedTerm.objects.create(kind="word", value="laina", action="hold")
    comment_on(post, body="Pikalaina heti.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and "laina" in comment.moderation_note_text()


def test_blocked_domain_matches_links_website_email_and_subdomains(post):
    BlockedTerm.objects.create(kind="domain", value="https://spam.example/path", action="spam")
    assert BlockedTerm.objects.get().value == "spam.example"
    comment_on(post, body="Katso [tästä](https://www.spam.example/x).")
    comment_on(post, website="http://spam.example", body="Sivuni.")
    comment_on(post, email="myyja@spam.example", body="Postia.")
    comment_on(post, body="Ei roskaa: https://notspam.example")
    assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 3
    assert status_of("Ei roskaa: https://notspam.example") == Comment.Status.APPROVED


def test_spam_is_not_told_to_the_spammer(post):
    BlockedTerm.objects.create(kind="word", value="kasino", action="spam")
    response = comment_on(post, body="kasino")
    assert response.status_code == HTTPStatus.FOUND
    assert "unapproved=" in response["Location"]


def test_authors_get_an_email_with_a_link_to_moderate(settings, mailoutbox, post):
    settings.COMMENTS_REQUIRE_APPROVAL = True
    coauthor = AuthorFactory(user__email="riina@example.com")
    post.set_authors([post.author_list[0], coauthor])
    comment_on(post, name="Aino", body="Kysymys teille.")
    comment = Comment.objects.get()
    assert mailoutbox == [], "the reader's request sends no mail: the worker does"
    run_tasks()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == ["riina@example.com", "saija@example.com"]
    assert "Palaute" in mail.subject and "odottaa hyväksyntää" in mail.subject
    assert "Aino" in mail.body and "Kysymys teille." in mail.body
    assert f"http://testserver/admin/comments/comment/{comment.pk}/change/" in mail.body


def test_no_email_for_spam_or_to_the_author_commenting_herself(mailoutbox, post):
    BlockedTerm.objects.create(kind="word", value="kasino", action="spam")
    comment_on(post, body="kasino")
    comment_on(post, email="SAIJA@example.com", body="Kiitos kommenteista!")
    run_tasks()
    assert mailoutbox == []


def test_a_failing_mail_server_loses_no_comment(settings, post):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    response = comment_on(post, body="Tallessa silti.")
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().body == "Tallessa silti."


# The admin queue.


def staff(*permissions, **user):
    account = UserFactory(is_staff=True, **user)
    for codename in permissions:
        account.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(account)
    return account, client


def editor():
    return staff("view_comment", "change_comment", "delete_comment", "moderate_all_comments")


def test_queue_lists_pending_first_then_newest(post):
    old_pending = CommentFactory(post=post, body="odottaa", status=Comment.Status.PENDING)
    CommentFactory(post=post, body="hyväksytty uusi")
    _account, client = editor()
    html = client.get("/admin/comments/comment/").content.decode()
    assert html.index("odottaa") < html.index("hyväksytty uusi")
    assert old_pending


def test_queue_filters_and_searches(post):
    CommentFactory(post=post, body="etsittävä", status=Comment.Status.SPAM)
    CommentFactory(post=post, body="muu")
    _account, client = editor()
    html = client.get("/admin/comments/comment/?status__exact=spam").content.decode()
    assert "etsittävä" in html and "muu</a>" not in html
    assert "etsittävä" in client.get("/admin/comments/comment/?q=etsittävä").content.decode()
    assert client.get(f"/admin/comments/comment/?post__id__exact={post.pk}").status_code == 200


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", "approved"), ("mark_spam", "spam"), ("remove", "removed")],
)
def test_bulk_actions_set_the_status(post, action, status):
    comments = CommentFactory.create_batch(3, post=post, status=Comment.Status.PENDING)
    _account, client = editor()
    response = client.post(
        "/admin/comments/comment/",
        {"action": action, "_selected_action": [c.pk for c in comments]},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert set(Comment.objects.values_list("status", flat=True)) == {status}


def test_approving_in_bulk_shows_the_comment_to_readers(post):
    comment = CommentFactory(post=post, body="Odotti vuoroaan.", status=Comment.Status.PENDING)
    reader = Client()
    assert "Odotti vuoroaan." not in reader.get(post.get_absolute_url()).content.decode()
    _account, client = editor()
    client.post("/admin/comments/comment/", {"action": "approve", "_selected_action": [comment.pk]})
    assert "Odotti vuoroaan." in reader.get(post.get_absolute_url()).content.decode()


def test_an_author_moderates_only_comments_on_her_own_posts(saija, post):
    mine = CommentFactory(post=post, body="minun", status=Comment.Status.PENDING)
    other = CommentFactory(body="toisen", status=Comment.Status.PENDING)
    saija.user.is_staff = True
    saija.user.save()
    for codename in ("view_comment", "change_comment"):
        saija.user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(saija.user)
    html = client.get("/admin/comments/comment/").content.decode()
    assert "minun" in html and "toisen" not in html
    assert client.get(f"/admin/comments/comment/{mine.pk}/change/").status_code == 200
    assert client.get(f"/admin/comments/comment/{other.pk}/change/").status_code in (302, 403, 404)
    client.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": [mine.pk, other.pk]},
    )
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == Comment.Status.APPROVED
    assert other.status == Comment.Status.PENDING


def test_staff_without_comment_permissions_cannot_moderate(post):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    _account, client = staff()
    assert client.get("/admin/comments/comment/").status_code == HTTPStatus.FORBIDDEN
    client.post("/admin/comments/comment/", {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_editors_keep_a_blocklist_in_the_admin():
    _account, client = staff(is_superuser=True)
    response = client.post(
        "/admin/comments/blockedterm/add/",
        {"kind": "domain", "value": "*.Spam.Example", "action": "spam"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert BlockedTerm.objects.get().value == "spam.example"


# Privacy.


def test_delete_commenter_removes_every_comment_of_the_address_and_keeps_others_replies(post):
    theirs = CommentFactory(post=post, email="Poistettava@Example.com")
    CommentFactory(email="poistettava@example.com", status=Comment.Status.PENDING)
    reply = CommentFactory(post=post, parent=theirs, email="muu@example.com")
    call_command("delete_commenter", "poistettava@example.com", stdout=(out := io.StringIO()))
    assert "Deleted 2 comment(s)" in out.getvalue()
    assert not Comment.objects.filter(email__iexact="poistettava@example.com").exists()
    reply.refresh_from_db()
    assert reply.parent is None


def test_delete_commenter_dry_run_deletes_nothing(post):
    CommentFactory(post=post, email="a@example.com")
    call_command("delete_commenter", "a@example.com", "--dry-run", stdout=io.StringIO())
    assert Comment.objects.count() == 1


def test_delete_commenter_refuses_a_non_address():
    with pytest.raises(CommandError, match="is not an email address"):
        call_command("delete_commenter", "ei osoite")


def test_email_is_never_shown_publicly(client, post):
    CommentFactory(post=post, email="salainen@example.com", website="https://oma.example")
    for url in (post.get_absolute_url(), "/feeds/atom/", "/feeds/rss/", "/"):
        assert "salainen@example.com" not in client.get(url).content.decode()


def test_editor_closes_comments_on_a_post_in_the_admin(post):
    _account, client = staff(is_superuser=True)
    html = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert 'name="comments_open"' in html and 'name="comments_close_after_days"' in html


def test_why_a_comment_was_held_is_told_in_each_moderators_language(
    settings, post, saija, mailoutbox
):
    settings.COMMENTS_MAX_LINKS = 0
    reader = Client()
    reader.post("/i18n/setlang/", {"language": "en", "next": "/"})
    comment_on(post, client=reader, body="Katso https://a.example")
    held = Comment.objects.get()
    editor = UserFactory(is_staff=True, is_superuser=True)
    moderator = Client()
    moderator.force_login(editor)
    page = f"/admin/comments/comment/{held.pk}/change/"
    assert "Linkkejä 1 (sallittu enintään 0)." in moderator.get(page).content.decode()
    moderator.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "1 links (more than 0)." in moderator.get(page).content.decode()
    run_tasks()
    (mail,) = mailoutbox
    assert "Linkkejä 1 (sallittu enintään 0)." in mail.body
