"""import_posts reads a WordPress export file (WXR): posts so far; comments, people,
media and old links come next."""

import datetime

import pytest
from django.core.management import CommandError

from authors.models import Author
from blog.models import Post
from comments.models import Comment
from comments.privacy import hash_ip
from core.models import Redirect
from tests.factories import AuthorFactory
from tests.tasks import run_tasks
from tests.test_import_posts import import_posts
from tests.test_wordpress_export_posts import cdata, with_fields
from tests.test_wxr_reading import AUTHOR, BOMB, EXTERNAL, POST, export

pytestmark = pytest.mark.django_db

DRAFT = with_fields({
    cdata("wp:status", "publish"): cdata("wp:status", "draft"),
    "?p=42": "?p=43",
    "/2015/10/29/esimies-muiden-silmin/": "/?p=43",
    cdata("wp:post_name", "esimies-muiden-silmin"): cdata("wp:post_name", ""),
    cdata("title", "Esimies muiden silmin"): cdata("title", "Keskeneräinen"),
})  # fmt: skip
PAGE = with_fields({
    cdata("wp:post_type", "post"): cdata("wp:post_type", "page"),
    "?p=42": "?p=44",
})  # fmt: skip


@pytest.fixture
def wxr(tmp_path):
    path = tmp_path / "tiimiblogi.WordPress.2026-11-30.xml"
    path.write_text(export(items=POST + DRAFT + PAGE, authors=AUTHOR))
    return path


def test_an_export_is_recognised_and_its_posts_imported(wxr):
    output = import_posts(wxr)
    assert f"{wxr}: wxr, 2 post(s)" in output
    assert "Left out: 1 page: Esimies muiden silmin." in output
    published = Post.objects.get(slug="esimies-muiden-silmin")
    assert published.status == Post.Status.PUBLISHED and not published.date_unknown
    assert published.excerpt == "Lyhyesti."
    assert [author.display_name for author in published.author_list] == ["Saija Vuorinen"]
    assert sorted(tag.name for tag in published.tags.all()) == ["Esimiestyö", "palaute"]
    draft = Post.objects.get(title="Keskeneräinen")
    assert draft.status == Post.Status.DRAFT
    assert Author.objects.count() == 1


def test_three_runs_create_once(wxr):
    import_posts(wxr)
    for _run in range(2):
        assert "0 created, 0 updated, 2 unchanged" in import_posts(wxr)
    assert Post.objects.count() == 2


def test_the_sources_slug_is_kept_only_when_free(wxr):
    Post.objects.create(title="Vanha", slug="esimies-muiden-silmin", status="draft")
    import_posts(wxr)
    imported = Post.objects.get(import_key="wxr:https://tiimiblogi.example/?p=42")
    assert imported.slug != "esimies-muiden-silmin" and imported.slug.startswith("esimies")


def test_a_hostile_export_is_refused_and_nothing_written(tmp_path):
    path = tmp_path / "pommi.xml"
    path.write_text(BOMB)
    with pytest.raises(CommandError, match="declares a DTD.*Nothing was imported"):
        import_posts(path, format="wxr")
    assert not Post.objects.exists()


def test_repairs_are_reported(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(export(items=POST.replace("Ensimmäinen kappale", "Ensimmäinen\x0b kappale")))
    assert "Repaired:" in import_posts(path)


def test_an_author_is_found_by_her_email_before_her_name(wxr):
    existing = AuthorFactory(display_name="S. Vuorinen", user__email="Saija@Tiimiblogi.example")
    import_posts(wxr)
    post = Post.objects.get(slug="esimies-muiden-silmin")
    assert post.author_list == [existing]
    assert Author.objects.count() == 1


def test_a_new_author_keeps_the_exports_email(wxr):
    import_posts(wxr)
    author = Author.objects.get()
    assert (author.display_name, author.user.email) == (
        "Saija Vuorinen",
        "saija@tiimiblogi.example",
    )


def test_author_map_credits_the_source_author_to_one_here(wxr):
    marjaana = AuthorFactory(display_name="Marjaana Jokinen")
    import_posts(wxr, author_map=["Saija Vuorinen=Marjaana Jokinen"])
    assert Post.objects.get(slug="esimies-muiden-silmin").author_list == [marjaana]
    assert Author.objects.count() == 1


def test_author_map_to_nobody_here_is_refused_before_anything_is_written(wxr):
    AuthorFactory(display_name="Marjaana Jokinen")
    with pytest.raises(CommandError, match="no author 'Riina' here.*Marjaana Jokinen"):
        import_posts(wxr, author_map=["Saija Vuorinen=Riina"])
    assert not Post.objects.exists()


def test_author_map_without_an_equals_sign_says_how_to_write_it(wxr):
    with pytest.raises(CommandError, match="write OLD=NEW"):
        import_posts(wxr, author_map=["Saija Vuorinen"])


def wp_comment(number, parent=0, approved="1", kind="comment", text=None):
    return f"""<wp:comment>
    <wp:comment_id>{number}</wp:comment_id>
    <wp:comment_author><![CDATA[Lukija {number}]]></wp:comment_author>
    <wp:comment_author_email><![CDATA[lukija{number}@example.com]]></wp:comment_author_email>
    <wp:comment_author_url></wp:comment_author_url>
    <wp:comment_author_IP><![CDATA[192.0.2.{number}]]></wp:comment_author_IP>
    <wp:comment_date><![CDATA[2015-10-30 0{number % 10}:00:00]]></wp:comment_date>
    <wp:comment_date_gmt><![CDATA[2015-10-30 0{number % 10}:00:00]]></wp:comment_date_gmt>
    <wp:comment_content><![CDATA[{text or f"Kommentti {number}."}]]></wp:comment_content>
    <wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
    <wp:comment_type><![CDATA[{kind}]]></wp:comment_type>
    <wp:comment_parent>{parent}</wp:comment_parent>
  </wp:comment>"""


DISCUSSION = "".join(
    [
        wp_comment(1),
        wp_comment(2, parent=1),
        wp_comment(3, parent=2),
        wp_comment(4, approved="0"),
        wp_comment(5, approved="spam"),
        wp_comment(6, approved="trash"),
        wp_comment(7, kind="pingback"),
        wp_comment(8, approved="0", kind="note"),
    ]
)


@pytest.fixture
def discussed(tmp_path):
    path = tmp_path / "keskustelu.xml"
    first_comment = POST.index("<wp:comment>")
    item = POST[:first_comment] + DISCUSSION + "\n</item>"
    path.write_text(export(items=item, authors=AUTHOR))
    return path


def test_comments_keep_their_status_and_threads_hang_one_level_deep(discussed, mailoutbox):
    output = import_posts(discussed)
    assert "Comments: 5 created." in output
    by_name = {comment.name: comment for comment in Comment.objects.all()}
    assert sorted(by_name) == ["Lukija 1", "Lukija 2", "Lukija 3", "Lukija 4", "Lukija 5"]
    first = by_name["Lukija 1"]
    assert first.parent is None and first.status == Comment.Status.APPROVED
    # A reply to a reply hangs under the comment its thread starts from.
    assert by_name["Lukija 2"].parent == first and by_name["Lukija 3"].parent == first
    assert by_name["Lukija 4"].status == Comment.Status.PENDING
    assert by_name["Lukija 5"].status == Comment.Status.SPAM
    assert first.ip_hash == hash_ip("192.0.2.1") and "192.0.2.1" not in first.ip_hash
    assert first.created_at == datetime.datetime(2015, 10, 30, 1, tzinfo=datetime.UTC)
    for left_out in ("1 comment (trash)", "1 pingbacks", "1 notes"):
        assert f"Left out: {left_out}." in output
    run_tasks()
    assert mailoutbox == []


def test_comments_are_created_once_over_three_runs(discussed):
    import_posts(discussed)
    import_posts(discussed)
    import_posts(discussed)
    assert Comment.objects.count() == 5


def test_an_imported_comment_shows_on_its_post(discussed, client):
    import_posts(discussed)
    page = client.get("/posts/esimies-muiden-silmin/").content.decode()
    assert "Kommentti 1." in page and "Kommentti 4." not in page


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2015/10/29/esimies-muiden-silmin/", "/posts/esimies-muiden-silmin/"),
        ("/?p=42", "/posts/esimies-muiden-silmin/"),
        ("/category/esimiestyo/", "/tags/esimiestyo/"),
        ("/tag/palaute/", "/tags/palaute/"),
    ],
)
def test_the_old_blogs_addresses_answer_301_over_http(wxr, client, old, new):
    import_posts(wxr)
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
    assert client.get(new).status_code == 200


def test_a_drafts_old_address_is_not_kept(wxr, client):
    import_posts(wxr)
    assert client.get("/?p=43").status_code == 200
    assert not Redirect.objects.filter(old_path="/?p=43").exists()


def test_the_front_page_still_answers_other_queries(wxr, client):
    import_posts(wxr)
    assert client.get("/?p=999").status_code == 200
    assert client.get("/?page=1").status_code == 200


def test_an_undone_import_leaves_no_old_addresses(wxr, refuse_after_a_batch):
    refuse_after_a_batch()
    with pytest.raises(CommandError, match="was undone"):
        import_posts(wxr)
    assert not Redirect.objects.exists() and not Post.objects.exists()


CO_AUTHOR = """<wp:author><wp:author_id>3</wp:author_id>
<wp:author_login><![CDATA[marjaana]]></wp:author_login>
<wp:author_email><![CDATA[marjaana@tiimiblogi.example]]></wp:author_email>
<wp:author_display_name><![CDATA[Marjaana Jokinen]]></wp:author_display_name></wp:author>"""
# Co-Authors Plus: the byline's order is the order of its "author" terms; a guest author
# has no account in the export.
BYLINE = (
    '<category domain="author" nicename="cap-marjaana"><![CDATA[marjaana]]></category>'
    '<category domain="author" nicename="cap-saija"><![CDATA[saija]]></category>'
    '<category domain="author" nicename="cap-riina-michelsson">'
    "<![CDATA[Riina Michelsson]]></category>"
)


def test_co_authors_become_an_ordered_byline_and_no_tags(tmp_path):
    path = tmp_path / "yhdessa.xml"
    item = POST.replace("<wp:is_sticky>", BYLINE + "<wp:is_sticky>")
    path.write_text(export(items=item, authors=AUTHOR + CO_AUTHOR))
    import_posts(path)
    post = Post.objects.get()
    assert [author.display_name for author in post.author_list] == [
        "Marjaana Jokinen",
        "Saija Vuorinen",
        "Riina Michelsson",
    ]
    assert post.author_list[0].user.email == "marjaana@tiimiblogi.example"
    assert sorted(tag.name for tag in post.tags.all()) == ["Esimiestyö", "palaute"]
    assert "0 created, 0 updated, 1 unchanged" in import_posts(path)


def test_comments_are_written_in_two_inserts_however_many(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def comment_inserts(count):
        path = tmp_path / f"{count}.xml"
        first_comment = POST.index("<wp:comment>")
        thread = "".join(wp_comment(n, parent=n - 1 if n % 2 else 0) for n in range(1, count))
        path.write_text(export(items=POST[:first_comment] + thread + "</item>", authors=AUTHOR))
        with CaptureQueriesContext(connection) as queries:
            import_posts(path)
        Post.objects.all().delete()
        return sum('INSERT INTO "comments_comment"' in query["sql"] for query in queries)

    assert comment_inserts(4) == comment_inserts(40) == 2


LINKING = with_fields({
    "<p>Ensimmäinen kappale.</p>]]]]><![CDATA[>": (
        '<a href="https://tiimiblogi.example/2015/10/30/palaute/#comments">Palautteesta</a>, '
        '<a href="http://www.tiimiblogi.example/?p=43">toinen</a>, '
        '<a href="https://tiimiblogi.example/category/esimiestyo/">esimiestyö</a>, '
        '<a href="https://tiimiblogi.example/?p=99">luonnos</a> ja '
        '<a href="https://muu.example/2015/10/30/palaute/">muu</a>.'
    ),
})  # fmt: skip
# Linked to before it comes in the file.
LINKED = with_fields({
    "?p=42": "?p=43",
    "/2015/10/29/esimies-muiden-silmin/": "/2015/10/30/palaute/",
    cdata("wp:post_name", "esimies-muiden-silmin"): cdata("wp:post_name", "palaute"),
    cdata("title", "Esimies muiden silmin"): cdata("title", "Palaute"),
})  # fmt: skip


@pytest.fixture
def linking(tmp_path):
    path = tmp_path / "linkit.xml"
    path.write_text(export(items=LINKING + LINKED, authors=AUTHOR))
    return path


def test_links_to_the_old_blogs_posts_lead_to_their_new_addresses(linking):
    output = import_posts(linking)
    assert "Posts whose links to the old blog now lead here: 1." in output
    body = Post.objects.get(slug="esimies-muiden-silmin").body
    assert "[Palautteesta](/posts/palaute/#comments)" in body
    assert "[toinen](/posts/palaute/)" in body
    assert "[esimiestyö](/tags/esimiestyo/)" in body
    # Not imported, or another site: as they were.
    assert "(https://tiimiblogi.example/?p=99)" in body
    assert "(https://muu.example/2015/10/30/palaute/)" in body


def test_rewritten_links_are_not_taken_for_local_edits(linking):
    import_posts(linking)
    for _run in range(2):
        assert "0 created, 0 updated, 2 unchanged, 0 kept local edits" in import_posts(linking)


def test_a_post_edited_here_keeps_its_links_as_edited(linking):
    import_posts(linking)
    post = Post.objects.get(slug="esimies-muiden-silmin")
    post.body = "Muokattu: [vanha](https://tiimiblogi.example/?p=43)"
    post.save()
    import_posts(linking)
    assert Post.objects.get(pk=post.pk).body == post.body


def test_categories_are_told_apart_from_tags_in_the_report(wxr):
    assert "Tags: 2 from the source, 1 of them categories there: Esimiestyö." in import_posts(wxr)


def test_the_progress_bar_follows_an_export_to_its_end(wxr, tmp_path):
    from tests.test_import_posts import run_in_terminal

    output = run_in_terminal(["import_posts", str(wxr)], tmp_path)
    assert "Importing [##############################] 100%" in output
    assert "Posts: 2 created" in output


def test_a_comments_website_and_email_are_kept_only_when_valid(tmp_path):
    path = tmp_path / "verkko.xml"
    first_comment = POST.index("<wp:comment>")
    hostile = wp_comment(1).replace(
        "<wp:comment_author_url></wp:comment_author_url>",
        "<wp:comment_author_url>javascript:alert(1)</wp:comment_author_url>",
    )
    hostile = hostile.replace("lukija1@example.com", "ei osoite")
    fine = wp_comment(2).replace(
        "<wp:comment_author_url></wp:comment_author_url>",
        "<wp:comment_author_url>https://lukija.example/</wp:comment_author_url>",
    )
    path.write_text(export(items=POST[:first_comment] + hostile + fine + "</item>"))
    import_posts(path)
    first, second = Comment.objects.order_by("import_key")
    assert (first.website, first.email) == ("", "")
    assert (second.website, second.email) == ("https://lukija.example/", "lukija2@example.com")


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_every_version_and_namespace_imports(tmp_path, version, scheme):
    path = tmp_path / "export.xml"
    path.write_text(export(version, scheme, POST, AUTHOR))
    assert "Posts: 1 created" in import_posts(path)
    assert Post.objects.get().author_list[0].display_name == "Saija Vuorinen"


def test_a_future_post_is_scheduled_and_out_when_its_time_comes(tmp_path, client):
    path = tmp_path / "tuleva.xml"
    future = with_fields({
        cdata("wp:status", "publish"): cdata("wp:status", "future"),
        "2015-10-29 10:00:00": "2099-01-01 10:00:00",
    })  # fmt: skip
    path.write_text(export(items=future, authors=AUTHOR))
    import_posts(path)
    post = Post.objects.get()
    assert post.is_scheduled and not Post.objects.published().exists()
    assert client.get("/posts/esimies-muiden-silmin/").status_code == 404


def test_a_trashed_post_is_left_out_and_named(tmp_path):
    path = tmp_path / "roskat.xml"
    trash = with_fields({cdata("wp:status", "publish"): cdata("wp:status", "trash")})
    path.write_text(export(items=trash + DRAFT, authors=AUTHOR))
    assert "Left out: 1 post (trash): Esimies muiden silmin." in import_posts(path)
    assert list(Post.objects.values_list("title", flat=True)) == ["Keskeneräinen"]


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        (EXTERNAL, "declares a DTD"),
        (export(items=POST, authors=AUTHOR)[:900], r"export\.xml:\d+:\d+: not a whole"),
        ("<?xml version='1.0'?><kirjasto><kirja/></kirjasto>", "not a WordPress export"),
    ],
    ids=["external-entity", "truncated", "not-an-export"],
)
def test_a_bad_export_is_refused_in_one_line_and_nothing_written(tmp_path, text, refusal):
    path = tmp_path / "export.xml"
    path.write_text(text)
    with pytest.raises(CommandError, match=f"{refusal}.*Nothing was imported") as refused:
        import_posts(path, format="wxr")
    assert "\n" not in str(refused.value)
    assert not Post.objects.exists() and not Author.objects.exists()


def test_a_bad_file_after_a_good_one_writes_nothing(tmp_path, wxr):
    bad = tmp_path / "rikki.xml"
    bad.write_text(export(items=POST, authors=AUTHOR)[:900])
    with pytest.raises(CommandError, match="not a whole"):
        import_posts(wxr, bad)
    assert not Post.objects.exists() and not Comment.objects.exists()


def test_an_undone_second_run_keeps_the_addresses_the_first_kept(wxr, refuse_after_a_batch, client):
    import_posts(wxr)
    kept = set(Redirect.objects.values_list("old_path", flat=True))
    refuse_after_a_batch()
    with pytest.raises(CommandError, match="was undone"):
        import_posts(wxr)
    assert set(Redirect.objects.values_list("old_path", flat=True)) == kept
    assert client.get("/?p=42")["Location"] == "/posts/esimies-muiden-silmin/"


def test_a_changed_source_updates_a_post_unless_it_was_edited_here(wxr):
    import_posts(wxr)
    edited = Post.objects.get(title="Keskeneräinen")
    edited.body = "Kirjoitettu täällä loppuun."
    edited.save()
    # Both posts of the export change.
    wxr.write_text(wxr.read_text().replace("Ensimmäinen kappale.", "Korjattu kappale."))
    output = import_posts(wxr)
    assert "0 created, 1 updated, 0 unchanged, 1 kept local edits" in output
    assert "Korjattu kappale." in Post.objects.get(slug="esimies-muiden-silmin").body
    assert Post.objects.get(pk=edited.pk).body == "Kirjoitettu täällä loppuun."


def test_a_dry_run_reports_an_export_and_writes_nothing(wxr):
    output = import_posts(wxr, dry_run=True)
    assert "Posts: 2 created" in output and "Comments: 2 created." in output
    assert "Dry run: nothing was written." in output
    assert not Post.objects.exists() and not Comment.objects.exists()
    assert not Redirect.objects.exists() and not Author.objects.exists()


def test_verbosity_two_lists_each_post_by_its_key(wxr):
    output = import_posts(wxr, verbosity=2)
    assert "created          Esimies muiden silmin [wxr:https://tiimiblogi.example/?p=42]" in (
        output
    )


@pytest.mark.django_db(transaction=True)
def test_a_fixture_of_an_export_carries_its_comments(discussed, tmp_path):
    from django.core.management import call_command

    fixture = tmp_path / "vienti.json"
    import_posts(discussed, fixture_out=fixture)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(fixture), verbosity=0)
    assert Post.objects.count() == 1 and Comment.objects.count() == 5
    replies = Comment.objects.exclude(parent=None)
    assert {reply.parent.name for reply in replies} == {"Lukija 1"}
