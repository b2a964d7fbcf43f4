"""import_posts reads a Blogger export (Atom): posts, drafts, labels, comments and threads,
the old addresses with and without Blogger's mobile ``?m=1``."""

import pytest
from django.core.management import CommandError

from blog.models import Post
from comments.models import Comment
from tests.test_blogger_atom_reading import BLOG, COMMENT, DRAFT, OTHER_KINDS, POST, entry, feed
from tests.test_import_posts import import_posts

pytestmark = pytest.mark.django_db

COMMENTS = "https://www.blogger.com/feeds/123/1/comments/default"
REPLY = entry(
    "comment",
    7,
    "Vastaus",
    "Kiitos kommentista!",
    f'<thr:in-reply-to ref="{BLOG}.post-1" href="https://blogi.example/2015/10/can-do.html"/>'
    f'<link rel="related" type="application/atom+xml" href="{COMMENTS}/3"/>',
).replace("2015-10-29T12:35", "2015-10-31T08:00")
REPLY_TO_REPLY = entry(
    "comment",
    8,
    "Vielä",
    "Ja vielä!",
    f'<thr:in-reply-to ref="{BLOG}.post-1" href="https://blogi.example/2015/10/can-do.html"/>'
    f'<link rel="related" type="application/atom+xml" href="{COMMENTS}/7"/>',
).replace("2015-10-29T12:35", "2015-11-01T08:00")


@pytest.fixture
def backup(tmp_path):
    path = tmp_path / "blog-11-30-2026.xml"
    # Comments come after the posts, and a reply before its thread's start, as Blogger
    # lists newest first.
    path.write_text(feed(OTHER_KINDS, POST, DRAFT, REPLY_TO_REPLY, REPLY, COMMENT))
    return path


def test_a_blogger_export_is_recognised_and_its_posts_imported(backup):
    output = import_posts(backup)
    assert f"{backup}: blogger-atom, 2 post(s)" in output
    for left_out in ("1 page: Tietoa", "1 setting", "1 template"):
        assert f"Left out: {left_out}." in output
    post = Post.objects.get(slug="can-do")
    assert post.status == Post.Status.PUBLISHED
    assert post.body == "Kokeileminen  \non taidetta.\n"
    assert [tag.name for tag in post.tags.all()] == ["työelämä"]
    assert post.author_list[0].display_name == "Saija"
    assert post.author_list[0].user.email == ""
    assert Post.objects.get(title="Luonnos").status == Post.Status.DRAFT


def test_the_undeclared_prefix_is_reported_as_repaired(backup):
    assert "Repaired: " in import_posts(backup)
    assert "The prefix app: is used without being declared" in import_posts(backup)


def test_comments_come_along_with_their_thread_one_level_deep(backup):
    output = import_posts(backup)
    assert "Comments: 3 created." in output
    first = Comment.objects.get(body="Hieno kirjoitus!")
    assert first.post.slug == "can-do" and first.status == Comment.Status.APPROVED
    assert Comment.objects.get(name="Saija", body="Kiitos kommentista!").parent == first
    assert Comment.objects.get(body="Ja vielä!").parent == first


def test_three_runs_create_once(backup):
    import_posts(backup)
    for _run in range(2):
        assert "0 created, 0 updated, 2 unchanged" in import_posts(backup)
    assert Post.objects.count() == 2 and Comment.objects.count() == 3


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2015/10/can-do.html", "/posts/can-do/"),
        ("/2015/10/can-do.html?m=1", "/posts/can-do/?m=1"),
        ("/search/label/ty%C3%B6el%C3%A4m%C3%A4", "/tags/tyoelama/"),
    ],
)
def test_the_old_blogs_addresses_answer_301(backup, client, old, new):
    import_posts(backup)
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
    assert client.get(new).status_code == 200


def test_the_format_can_be_forced_and_a_wordpress_export_is_then_refused(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text('<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel/></rss>')
    with pytest.raises(CommandError, match="not a Blogger export.*Nothing was imported"):
        import_posts(path, format="blogger-atom")


def test_the_progress_bar_follows_an_export_to_its_end(backup, tmp_path):
    from tests.test_import_posts import run_in_terminal

    output = run_in_terminal(["import_posts", str(backup)], tmp_path)
    assert "Importing [##############################] 100%" in output
    assert "Posts: 2 created" in output


def test_a_folder_of_exports_is_imported_file_by_file_and_other_files_left(tmp_path, backup):
    from tests.test_wxr_reading import AUTHOR, export
    from tests.test_wxr_reading import POST as WXR_POST

    (tmp_path / "wordpress.xml").write_text(export(items=WXR_POST, authors=AUTHOR))
    (tmp_path / "muistiinpanot.md").write_text("Ei lähde.")
    output = import_posts(tmp_path)
    assert f"{backup}: blogger-atom, 2 post(s)" in output
    assert f"{tmp_path / 'wordpress.xml'}: wxr, 1 post(s)" in output
    assert Post.objects.count() == 3
