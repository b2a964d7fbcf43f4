"""Following by email: asked for over HTTP, confirmed through the mailed link, ended with one
click; new posts mailed once per follower by the worker, also when the mail server was away."""

import datetime
import io
import re
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail as outbox
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from blog.models import Post
from comments.models import Comment
from following import sending
from following.models import Announcement, Delivery, Follow, Follower
from tests.authoring import edit, member
from tests.commenting import comment_on
from tests.factories import AuthorFactory, PostFactory
from tests.smtp_sink import Sink
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _quick(quick_comments, settings):
    settings.FOLLOW_RATE_LIMIT = None


def follow_form(client, query=""):
    html = client.get(f"/follow/{query}").content.decode()
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))


def ask(client=None, email="lukija@example.com", follow="blog", ip="192.0.2.20", **fields):
    client = client or Client()
    targets = [f"{name}={value}" for name, value in fields.items() if name in ("author", "tag")]
    query = f"?{'&'.join(targets)}" if targets else ""
    data = {**follow_form(client, query), "email": email, "follow": follow, "language": "fi"}
    data.update(fields)
    return client.post("/follow/", data, REMOTE_ADDR=ip)


def confirmation_link(message):
    return re.search(r"http://127\.0\.0\.1:8000(/follow/confirm/\S+/)", message.body).group(1)


def confirmed(email="lukija@example.com", follow="blog", **fields):
    ask(email=email, follow=follow, **fields)
    run_tasks()
    link = confirmation_link(outbox.outbox[-1])
    Client().post(link)
    return Follower.objects.get(email=email)


def publish_through_the_admin(post):
    _user, client = member("Editor")
    when = timezone.localtime(post.published_at or timezone.now())
    edit(client, post, status="published", published_at_0=when.date().isoformat(),
         published_at_1=when.strftime("%H:%M:%S"),
         tags=", ".join(tag.name for tag in post.tags.all()))  # fmt: skip


def test_asking_sends_only_the_confirmation_and_the_link_confirms():
    response = ask()
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == "/follow/asked/"
    assert outbox.outbox == [], "nothing is mailed inside the request"
    run_tasks()
    (message,) = outbox.outbox
    assert message.to == ["lukija@example.com"] and "Vahvista tilauksesi" in message.subject
    follow = Follow.objects.get()
    assert follow.confirmed_at is None
    link = confirmation_link(message)
    page = Client().get(link)
    assert page.status_code == HTTPStatus.OK and Follow.objects.get().confirmed_at is None
    assert "Kyllä, lähetä minulle uudet kirjoitukset" in page.content.decode()
    response = Client().post(link)
    assert "Vahvistettu" in response.content.decode()
    assert Follow.objects.get().confirmed_at is not None


def test_an_unconfirmed_request_gets_nothing_and_expires(settings):
    ask()
    run_tasks()
    link = confirmation_link(outbox.outbox[0])
    publish_through_the_admin(PostFactory(status="draft"))
    run_tasks()
    assert len(outbox.outbox) == 1, "only the confirmation"
    later = timezone.now() + datetime.timedelta(days=settings.FOLLOW_CONFIRM_DAYS, hours=1)
    with time_machine.travel(later):
        assert Client().post(link).status_code == HTTPStatus.BAD_REQUEST
        run_tasks()
    assert not Follower.objects.exists()


def test_a_second_request_within_a_day_sends_nothing_new():
    ask()
    ask(ip="192.0.2.99")
    run_tasks()
    assert len(outbox.outbox) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        ask(ip="192.0.2.98")
        run_tasks()
    assert len(outbox.outbox) == 2


def test_the_honeypot_and_a_form_sent_at_once_are_refused(settings):
    response = ask(url="https://roskaa.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    settings.COMMENTS_MIN_SECONDS = 60
    assert ask().status_code == HTTPStatus.BAD_REQUEST
    run_tasks()
    assert not Follower.objects.exists() and outbox.outbox == []


def test_requests_are_limited_by_reader_and_by_address(settings):
    settings.FOLLOW_RATE_LIMIT = (2, 3600)
    assert ask(email="a@example.com").status_code == HTTPStatus.FOUND
    assert ask(email="b@example.com").status_code == HTTPStatus.FOUND
    response = ask(email="c@example.com")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "c@example.com" in response.content.decode(), "what she typed is kept"
    for ip in ("192.0.2.31", "192.0.2.32"):
        ask(email="kohde@example.com", ip=ip)
    assert ask(email="kohde@example.com", ip="192.0.2.33").status_code == 429


def test_the_short_form_on_every_page_opens_the_form_filled_in(client):
    tag = Tag.objects.create(name="Esihenkilötyö")
    PostFactory(tags=[tag])
    html = client.get("/tags/esihenkilotyo/").content.decode()
    assert 'class="follow-short"' in html and 'name="tag" value="esihenkilotyo"' in html
    page = client.post("/follow/", {"email": "lukija@example.com", "tag": "esihenkilotyo",
                                   "follow": "tag", "language": "en"})  # fmt: skip
    html = page.content.decode()
    assert page.status_code == HTTPStatus.OK and 'value="lukija@example.com"' in html
    assert "Esihenkilötyö" in html and not Follower.objects.exists()


def test_a_post_with_two_authors_and_three_tags_reaches_each_follower_once():
    saija, riina, other = AuthorFactory(), AuthorFactory(), AuthorFactory()
    for author in (saija, riina, other):
        PostFactory(authors=[author])
    tags = [Tag.objects.create(name=name) for name in ("hr", "palaute", "johtaminen")]
    everything = confirmed("kaikki@example.com")
    for author in (saija, riina):
        ask(email="kaikki@example.com", follow="author", author=author.slug)
    for tag in tags[:2]:
        ask(email="kaikki@example.com", follow="tag", tag=tag.slug)
    Follow.objects.filter(follower=everything).update(confirmed_at=timezone.now())
    confirmed("riina@example.com", follow="author", author=riina.slug)
    confirmed("muu@example.com", follow="author", author=other.slug)
    ask(email="vahvistamaton@example.com")
    run_tasks()
    outbox.outbox.clear()
    post = PostFactory(status="draft", title="Palautteen anto", authors=[saija, riina], tags=tags)
    publish_through_the_admin(post)
    run_tasks()
    run_tasks()
    assert sorted(message.to[0] for message in outbox.outbox) == [
        "kaikki@example.com",
        "riina@example.com",
    ]
    message = next(m for m in outbox.outbox if m.to == ["riina@example.com"])
    assert "Palautteen anto" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.alternatives and "Palautteen anto" in message.alternatives[0][0]


def test_changing_a_post_after_it_went_out_sends_nothing_again():
    confirmed()
    post = PostFactory(status="draft")
    publish_through_the_admin(post)
    run_tasks()
    count = len(outbox.outbox)
    _user, client = member("Editor")
    edit(client, Post.objects.get(pk=post.pk), status="draft")
    publish_through_the_admin(Post.objects.get(pk=post.pk))
    run_tasks()
    assert len(outbox.outbox) == count
    assert Delivery.objects.filter(post=post).count() == 1


def test_a_scheduled_post_goes_out_when_its_time_comes():
    confirmed()
    outbox.outbox.clear()
    when = timezone.now() + datetime.timedelta(days=2)
    post = PostFactory(status="draft", published_at=when)
    publish_through_the_admin(post)
    run_tasks()
    assert outbox.outbox == []
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        run_tasks()
    assert [message.to for message in outbox.outbox] == [["lukija@example.com"]]


def test_an_imported_or_old_post_is_never_announced():
    confirmed()
    outbox.outbox.clear()
    old = PostFactory()
    edit(member("Editor")[1], old, title="Korjattu otsikko", status="published",
         published_at_0=old.published_at.date().isoformat(),
         published_at_1=old.published_at.strftime("%H:%M:%S"))  # fmt: skip
    run_tasks()
    assert outbox.outbox == [] and not Announcement.objects.exists()


def test_one_click_unsubscribe_works_without_signing_in_and_a_get_changes_nothing():
    follower = confirmed()
    publish_through_the_admin(PostFactory(status="draft"))
    run_tasks()
    header = outbox.outbox[-1].extra_headers["List-Unsubscribe"]
    path = re.search(r"<http://127\.0\.0\.1:8000(\S+)>", header).group(1)
    assert Client().get(path).status_code == HTTPStatus.OK
    assert Follower.objects.filter(pk=follower.pk).exists()
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == HTTPStatus.OK, "answered directly, never redirected"
    assert not Follower.objects.exists() and not Follow.objects.exists()


def test_the_follower_changes_what_she_follows_on_her_page():
    author = AuthorFactory()
    follower = confirmed()
    ask(follow="author", author=author.slug)
    Follow.objects.update(confirmed_at=timezone.now())
    client = Client()
    page = f"/follow/manage/{follower.token}/"
    blog = Follow.objects.get(kind="blog")
    client.post(page, {"keep": [blog.pk], "language": "en"})
    assert list(Follow.objects.values_list("kind", flat=True)) == ["blog"]
    assert Follower.objects.get().language == "en"
    client.post(page, {"language": "en"})
    assert not Follower.objects.exists()


def test_mail_goes_in_the_followers_language():
    follower = confirmed()
    Follower.objects.filter(pk=follower.pk).update(language="en")
    outbox.outbox.clear()
    publish_through_the_admin(PostFactory(status="draft", title="Otsikko"))
    run_tasks()
    (message,) = outbox.outbox
    assert "Unsubscribe:" in message.body and "Read it:" in message.body


def test_a_mail_server_that_is_away_is_tried_again_and_every_mail_arrives_once(settings):
    sink = Sink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    follower = Follower.objects.create(email="lukija@example.com", language="fi")
    Follow.objects.create(follower=follower, kind="blog", confirmed_at=timezone.now())
    for number in range(3):
        extra = Follower.objects.create(email=f"toinen{number}@example.com", language="fi")
        Follow.objects.create(follower=extra, kind="blog", confirmed_at=timezone.now())
    publish_through_the_admin(PostFactory(status="draft"))
    run_tasks()
    assert Delivery.objects.filter(state="pending", attempts=1).count() == 1
    assert not Delivery.objects.filter(state="sent").exists()
    sink.start()
    try:
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=15)):
            run_tasks()
    finally:
        sink.stop()
    assert sorted(recipient for recipient, _message in sink.inbox.messages) == [
        "lukija@example.com", "toinen0@example.com", "toinen1@example.com", "toinen2@example.com"
    ]  # fmt: skip
    assert Delivery.objects.filter(state="sent").count() == 4


def test_a_permanent_refusal_marks_the_address_and_the_rest_still_go(settings):
    sink = Sink()
    inbox = sink.inbox

    async def refuse_one(server, session, envelope, address, rcpt_options):
        if address == "poissa@example.com":
            return "550 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    inbox.handle_RCPT = refuse_one
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    for email in ("poissa@example.com", "lukija@example.com"):
        follower = Follower.objects.create(email=email, language="fi")
        Follow.objects.create(follower=follower, kind="blog", confirmed_at=timezone.now())
    try:
        publish_through_the_admin(PostFactory(status="draft"))
        run_tasks()
    finally:
        sink.stop()
    assert [recipient for recipient, _message in inbox.messages] == ["lukija@example.com"]
    assert Follower.objects.get(email="poissa@example.com").refused_at is not None
    assert Delivery.objects.get(follower__email="poissa@example.com").state == "failed"


def test_mail_a_dead_worker_held_goes_once_when_a_worker_comes_back():
    follower = confirmed()
    outbox.outbox.clear()
    post = PostFactory()
    Announcement.objects.create(post=post, due_at=post.published_at, state="sent")
    held = Delivery.objects.create(follower=follower, post=post, state="sending",
                                   claimed_at=timezone.now())  # fmt: skip
    run_tasks()
    assert outbox.outbox == [], "another worker may still be sending it"
    with time_machine.travel(
        timezone.now() + sending.stale_after() + datetime.timedelta(minutes=1)
    ):
        run_tasks()
        run_tasks()
    assert len(outbox.outbox) == 1
    held.refresh_from_db()
    assert held.state == "sent"


def test_editors_see_followers_and_what_went_out_and_export_them():
    follower = confirmed()
    post = PostFactory(status="draft", title="Uutinen")
    publish_through_the_admin(post)
    run_tasks()
    _user, client = member("Editor")
    assert follower.email in client.get("/admin/following/follower/").content.decode()
    announcements = client.get("/admin/following/announcement/").content.decode()
    assert "Uutinen" in announcements
    export = client.post("/admin/following/follower/",
                         {"action": "export_csv", "_selected_action": [follower.pk]})  # fmt: skip
    assert export["Content-Type"].startswith("text/csv")
    assert "lukija@example.com" in export.content.decode()
    _author, author_client = member("Author")
    assert author_client.get("/admin/following/follower/").status_code == HTTPStatus.FORBIDDEN


def test_delete_follower_forgets_the_address_and_what_went_to_it():
    follower = confirmed()
    publish_through_the_admin(PostFactory(status="draft"))
    run_tasks()
    assert Delivery.objects.filter(follower=follower).exists()
    out = io.StringIO()
    call_command("delete_follower", "LUKIJA@example.com", "--dry-run", stdout=out)
    assert "Would forget" in out.getvalue() and Follower.objects.exists()
    call_command("delete_follower", "lukija@example.com", stdout=out)
    assert not Follower.objects.exists() and not Delivery.objects.exists()
    with pytest.raises(CommandError, match="not an email address"):
        call_command("delete_follower", "lukija")


def test_a_commenter_who_asks_hears_of_replies_once_confirmed():
    post = PostFactory()
    comment_on(post, name="Aino", email="aino@example.com", body="Kysymys.", follow_replies="on")
    first = Comment.objects.get()
    run_tasks()
    (confirmation,) = outbox.outbox
    assert confirmation.to == ["aino@example.com"]
    assert "vastaukset kommenttiisi" in confirmation.body
    Client().post(confirmation_link(confirmation))
    Comment.objects.filter(pk=first.pk).set_status(Comment.Status.APPROVED)
    outbox.outbox.clear()
    comment_on(post, name="Riina", email="riina@example.com", body="Vastaus.", parent=first.pk)
    reply = Comment.objects.get(parent=first)
    run_tasks()
    assert outbox.outbox == [], "a reply waiting for moderation is not told of"
    Comment.objects.filter(pk=reply.pk).set_status(Comment.Status.APPROVED)
    run_tasks()
    (notice,) = outbox.outbox
    assert notice.to == ["aino@example.com"] and "Riina vastasi" in notice.body
    assert "Vastaus." in notice.body and "List-Unsubscribe" in notice.extra_headers
    Comment.objects.filter(pk=reply.pk).set_status(Comment.Status.APPROVED)
    run_tasks()
    assert len(outbox.outbox) == 1, "approved again, told once"
