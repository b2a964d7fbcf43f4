"""Every comment notice reaches someone, and what cannot be reached is said aloud."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from authors.models import Author
from comments.models import Comment
from core.bootstrap import DEMO_EMAIL_DOMAIN, load_demo_content
from tests.authoring import member
from tests.commenting import comment_on
from tests.factories import AuthorFactory, CommentFactory, PostFactory, UserFactory
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _comments_wait_for_approval(quick_comments, settings):
    settings.COMMENTS_REQUIRE_APPROVAL = True


def editor(email):
    user = UserFactory(is_staff=True, email=email)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def commented(post, **fields):
    """A comment sent through the form; the worker sends its notice."""
    comment_on(post, **fields)
    run_tasks()


# Tests whose mail the worker sends: it commits its own work, as a real one does.
@pytest.mark.django_db(transaction=True)
def test_a_comment_on_a_post_without_an_author_notifies_the_editors(mailoutbox):
    editor("tiina@example.com")
    editor("toinen@example.com")
    UserFactory(is_staff=True, email="ei-toimittaja@example.com")
    post = PostFactory(title="Blogger-kirjoitus")
    commented(post, body="Kuka tämän kirjoitti?")
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["tiina@example.com", "toinen@example.com"]
    assert "Kuka tämän kirjoitti?" in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_post_with_authors_does_not_notify_the_editors(mailoutbox):
    editor("tiina@example.com")
    saija = AuthorFactory(user__email="saija@example.com")
    post = PostFactory(authors=[saija])
    commented(post, body="Kiitos.")
    assert [mail.to for mail in mailoutbox] == [["saija@example.com"]]


def check_output():
    out, err = io.StringIO(), io.StringIO()
    call_command("check", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_check_warns_about_an_author_without_an_email_address():
    AuthorFactory(display_name="Marjaana Jokinen", user__email="")
    AuthorFactory(display_name="Saija Vuorinen", user__email="saija@example.com")
    output = check_output()
    assert "authors.W001" in output
    assert "Marjaana Jokinen has no email address" in output
    assert "Saija Vuorinen" not in output


def test_the_admin_warns_about_an_author_without_an_email_address():
    AuthorFactory(display_name="Marjaana Jokinen", user__email="")
    _editor, client = member("Editor")
    html = client.get("/admin/authors/author/").content.decode()
    warnings = " ".join(part.split("</li>")[0] for part in html.split('<li class="warning">')[1:])
    assert "Marjaana Jokinen" in warnings
    assert "Riina Editor" not in warnings


@pytest.mark.django_db(transaction=True)
def test_the_demo_writers_have_example_addresses_that_reach_nobody_real(mailoutbox):
    assert load_demo_content(extras=False)
    addresses = [author.user.email for author in Author.objects.select_related("user")]
    assert addresses and all(email.endswith(f"@{DEMO_EMAIL_DOMAIN}") for email in addresses)
    assert "authors.W001" not in check_output()
    post = Author.objects.get(display_name="Riina Michelsson").posts.first()
    commented(post, body="Demon kommentti.")
    assert mailoutbox[0].to == [f"riina-michelsson@{DEMO_EMAIL_DOMAIN}"]


def test_a_known_commenter_is_approved_at_once():
    post = PostFactory()
    CommentFactory(post=post, name="Maija Meikäläinen", email="maija@example.com")
    comment_on(post, name="maija  meikäläinen", email="Maija@Example.com", body="Taas.")
    assert Comment.objects.get(body="Taas.").status == Comment.Status.APPROVED


def test_someone_else_typing_a_known_commenters_email_waits_for_moderation():
    post = PostFactory()
    CommentFactory(post=post, name="Maija Meikäläinen", email="maija@example.com")
    comment_on(post, name="Joku Muu", email="maija@example.com", body="Lainattu osoite.")
    assert Comment.objects.get(body="Lainattu osoite.").status == Comment.Status.PENDING


def test_a_known_commenter_with_too_many_links_is_held(settings):
    settings.COMMENTS_MAX_LINKS = 1
    post = PostFactory()
    CommentFactory(post=post, name="Maija", email="maija@example.com")
    body = "Katso https://a.example ja https://b.example"
    comment_on(post, name="Maija", email="maija@example.com", body=body)
    assert Comment.objects.get(body=body).status == Comment.Status.PENDING
