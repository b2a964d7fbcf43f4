"""import_posts reads a WordPress export file (WXR): posts so far; comments, people,
media and old links come next."""

import pytest
from django.core.management import CommandError

from authors.models import Author
from blog.models import Post
from tests.factories import AuthorFactory
from tests.test_import_posts import import_posts
from tests.test_wordpress_export_posts import cdata, with_fields
from tests.test_wxr_reading import AUTHOR, BOMB, POST, export

pytestmark = pytest.mark.django_db

DRAFT = with_fields({
    cdata("wp:status", "publish"): cdata("wp:status", "draft"),
    "?p=42": "?p=43",
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
    assert "Left out (not posts of this blog): 1 page." in output
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
