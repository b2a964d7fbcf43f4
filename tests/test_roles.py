"""The admin's roles: each role against her own and another writer's post."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group

from authors.models import Author
from blog.models import Post
from tests.authoring import ADMIN, edit, member, post_of, reachable
from tests.factories import AuthorFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_roles_are_groups_made_by_the_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Contributor", "Author", "Editor"}
    editor = Group.objects.get(name="Editor").permissions.values_list("codename", flat=True)
    assert {"edit_all_posts", "publish_post", "moderate_all_comments"} <= set(editor)


@pytest.mark.parametrize("role", ["Contributor", "Author", "Editor"])
def test_staff_in_a_role_gets_an_author_profile(role):
    user, _client = member(role)
    assert Author.objects.get(user=user).display_name == f"Riina {role}"


def test_staff_outside_the_roles_gets_no_profile():
    user = UserFactory(is_staff=True)
    assert not Author.objects.filter(user=user).exists()


@pytest.mark.parametrize("role", ["Contributor", "Author"])
def test_a_writer_sees_and_reaches_only_her_own_posts(role):
    user, client = member(role)
    mine = post_of(user, title="Oma luonnos", status="draft", published_at=None)
    other = PostFactory(title="Toisen kirjoitus", status="draft", published_at=None,
                        authors=[AuthorFactory()])  # fmt: skip
    listing = client.get(ADMIN).content.decode()
    assert "Oma luonnos" in listing and "Toisen kirjoitus" not in listing
    assert reachable(client, f"{ADMIN}{mine.pk}/change/")
    for page in ("change", "delete", "history"):
        assert not reachable(client, f"{ADMIN}{other.pk}/{page}/"), page
    assert client.get(other.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client.get(mine.get_absolute_url()).status_code == HTTPStatus.OK
    edit(client, other, title="Kaapattu")
    other.refresh_from_db()
    assert other.title == "Toisen kirjoitus"


def test_editor_reaches_every_post():
    _user, client = member("Editor")
    other = PostFactory(status="draft", published_at=None, authors=[AuthorFactory()])
    for page in ("change", "delete", "history"):
        assert reachable(client, f"{ADMIN}{other.pk}/{page}/"), page
    response = client.get(other.get_absolute_url())
    assert 'class="draft-banner"' in response.content.decode()


def test_contributor_cannot_publish_her_draft():
    user, client = member("Contributor")
    draft = post_of(user, status="draft", published_at=None)
    edit(client, draft, status="published", title="Muokattu")
    draft.refresh_from_db()
    assert draft.title == "Muokattu" and draft.status == Post.Status.DRAFT
    client.post(ADMIN, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT


def test_contributor_cannot_change_or_delete_her_published_post():
    user, client = member("Contributor")
    published = post_of(user, title="Julkaistu")
    edit(client, published, title="Muutettu")
    client.post(f"{ADMIN}{published.pk}/delete/", {"post": "yes"})
    published.refresh_from_db()
    assert published.title == "Julkaistu"


def test_contributors_new_post_is_her_draft():
    user, client = member("Contributor")
    response = client.post(
        f"{ADMIN}add/",
        {"title": "Uusi", "slug": "", "body": "Teksti.", "excerpt": "", "tags": "",
         "featured_image_alt": "", "comments_open": "on",
         "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    post = Post.objects.get(title="Uusi")
    assert post.status == Post.Status.DRAFT
    assert post.author_list == [user.author_profile]


def test_author_publishes_and_schedules_her_own_posts():
    user, client = member("Author")
    draft = post_of(user, status="draft", published_at=None)
    client.post(ADMIN, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Post.Status.PUBLISHED
    later = post_of(user, status="draft", published_at=None)
    edit(client, later, status="published", published_at_0="2099-01-01", published_at_1="09:00")
    later.refresh_from_db()
    assert later.is_scheduled


def test_bulk_action_with_another_writers_post_touches_nothing_of_hers():
    user, client = member("Author")
    mine = post_of(user, status="draft", published_at=None)
    other = PostFactory(status="draft", published_at=None, authors=[AuthorFactory()])
    client.post(ADMIN, {"action": "publish", "_selected_action": [mine.pk, other.pk]})
    other.refresh_from_db()
    assert other.status == Post.Status.DRAFT


def test_editor_unpublishes_in_bulk():
    _user, client = member("Editor")
    posts = PostFactory.create_batch(2, authors=[AuthorFactory()])
    client.post(ADMIN, {"action": "unpublish", "_selected_action": [p.pk for p in posts]})
    assert set(Post.objects.values_list("status", flat=True)) == {"draft"}


def test_a_writer_edits_only_her_own_profile():
    user, client = member("Author")
    other = AuthorFactory()
    assert reachable(client, f"/admin/authors/author/{user.author_profile.pk}/change/")
    assert not reachable(client, f"/admin/authors/author/{other.pk}/change/")


def _view(client, post):
    return reachable(client, f"{ADMIN}{post.pk}/change/")


def _change(client, post):
    edit(client, post, title="Muokattu")
    post.refresh_from_db()
    return post.title == "Muokattu"


def _delete(client, post):
    client.post(f"{ADMIN}{post.pk}/delete/", {"post": "yes"})
    return not Post.objects.filter(pk=post.pk).exists()


def _publish(client, post):
    client.post(ADMIN, {"action": "publish", "_selected_action": [post.pk]})
    post.refresh_from_db()
    return post.status == Post.Status.PUBLISHED


def _preview(client, post):
    return reachable(client, post.get_absolute_url())


def _bulk_unpublish(client, post):
    post.status = Post.Status.PUBLISHED
    post.save()
    client.post(ADMIN, {"action": "unpublish", "_selected_action": [post.pk]})
    post.refresh_from_db()
    return post.status == Post.Status.DRAFT


def _credit(client, post):
    """Add a co-author after the byline there is, through the byline inline."""
    bylines = list(post.bylines.all())
    newcomer = AuthorFactory()
    rows = [*((b.pk, b.author_id) for b in bylines), ("", newcomer.pk)]
    data = {"bylines-TOTAL_FORMS": str(len(rows)), "bylines-INITIAL_FORMS": str(len(bylines))}
    for number, (pk, author) in enumerate(rows):
        data.update({
            f"bylines-{number}-id": pk, f"bylines-{number}-post": post.pk,
            f"bylines-{number}-author": author, f"bylines-{number}-position": number,
        })  # fmt: skip
    edit(client, post, **data)
    return newcomer in post.author_list and post.author_list[: len(bylines)] == [
        byline.author for byline in bylines
    ]


ACTIONS = {
    "view": _view,
    "change": _change,
    "delete": _delete,
    "publish": _publish,
    "preview": _preview,
    "bulk": _bulk_unpublish,
    "credit": _credit,
}
# What each role may do to a draft of her own, to one where she is a co-author (second
# in the byline), and to another writer's draft.
MATRIX = {
    ("Contributor", "own"): {"view", "change", "delete", "preview"},
    ("Contributor", "coauthored"): {"view", "change", "delete", "preview"},
    ("Contributor", "other"): set(),
    ("Author", "own"): set(ACTIONS),
    ("Author", "coauthored"): set(ACTIONS),
    ("Author", "other"): set(),
    ("Editor", "own"): set(ACTIONS),
    ("Editor", "coauthored"): set(ACTIONS),
    ("Editor", "other"): set(ACTIONS),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(("role", "whose"), MATRIX)
def test_permission_matrix(role, whose, action):
    user, client = member(role)
    byline = {
        "own": [user.author_profile],
        "coauthored": [AuthorFactory(), user.author_profile],
        "other": [AuthorFactory()],
    }[whose]
    post = PostFactory(title="Luonnos", status="draft", published_at=None, authors=byline)
    assert ACTIONS[action](client, post) == (action in MATRIX[role, whose])
