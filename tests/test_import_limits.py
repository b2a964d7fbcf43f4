"""What an unlucky or hostile source can do to `import_posts`: sizes, links, long fields,
where the fixture goes, and what happens when the database refuses a write mid-way."""

import os
from http import HTTPStatus

import pytest
from django.core.management.base import CommandError
from django.db import DatabaseError
from taggit.models import Tag

from authors.models import Author
from blog.models import Post
from core.rendering import POST
from importing import loader
from importing.sources import MAX_LINE_BYTES
from tests.authoring import edit, member
from tests.import_notes import english
from tests.test_import_posts import (
    BYLINE,
    PARAGRAPH,
    SOURCES,
    import_posts,
    state,
    wordpress_post,
    write,
)

pytestmark = pytest.mark.django_db


def test_a_line_longer_than_any_post_is_refused_before_it_is_read_whole(tmp_path):
    source = write(tmp_path, "pitka.txt", "Otsikko\n\n" + "a" * (MAX_LINE_BYTES + 10) + "\n")
    with pytest.raises(CommandError, match=r"pitka.txt:3: the line is longer than") as error:
        import_posts(source)
    assert "Nothing was imported" in str(error.value)
    assert Post.objects.count() == 0


def test_a_post_longer_than_a_post_may_be_is_refused_with_its_line(tmp_path):
    lines = "\n\n".join([PARAGRAPH * 10] * (POST.max_length // len(PARAGRAPH * 10) + 5))
    text = wordpress_post("Ensimmäinen") + f"Liian pitkä\n\n{lines}\n\n{BYLINE}\n"
    source = write(tmp_path, "blogi.txt", text)
    with pytest.raises(CommandError, match=r"blogi.txt:8: the post 'Liian pitkä' is longer"):
        import_posts(source)
    assert Post.objects.count() == 0


@pytest.mark.parametrize(
    ("fmt", "message"),
    [("auto", "blogi.txt: no posts found"), ("wordpress", "blogi.txt:1: the post 'Otsikko' is")],
)
def test_a_post_that_never_ends_is_refused_early(tmp_path, fmt, message):
    # No byline ever comes: reading stops at the post limit, not at the end of memory.
    text = "Otsikko\n\n" + "Rivi tekstiä ilman loppua.\n" * (4 * POST.max_length // 27)
    with pytest.raises(CommandError, match=message):
        import_posts(write(tmp_path, "blogi.txt", text), format=fmt)


def test_long_title_author_and_tag_are_cut_to_their_fields_and_noted(tmp_path):
    title = "Pitkä otsikko " * 30
    name = "Saija " + "Vuorinenvuorinen" * 40
    text = f"{wordpress_post(title.strip(), byline=f'Kirjoittaja {name} on HR-kumppani.')}"
    import_posts(write(tmp_path, "blogi.txt", text))
    post = Post.objects.get()
    assert len(post.title) <= 200 and post.title.endswith("…")
    assert title.strip() in english(post.import_notes)
    author = post.primary_author
    assert len(author.display_name) <= 100 and len(author.user.username) <= 150
    user, client = member("Editor")
    response = edit(client, post, url=None)
    assert response.status_code == HTTPStatus.FOUND, "an editor can save the imported post"


def test_long_blogger_label_is_cut_to_the_tag_field(tmp_path):
    label = "Tunniste" * 20
    text = (
        "torstai 29. lokakuuta 2015\n\nOtsikko\n\nTeksti.\n\n"
        f"Lähettänyt Saija klo 14.35\nTunnisteet: {label}, lyhyt\n"
    )
    import_posts(write(tmp_path, "blogger.txt", text))
    assert sorted(len(name) <= 100 for name in Tag.objects.values_list("name", flat=True))
    assert Tag.objects.filter(name="lyhyt").exists()
    assert label in english(Post.objects.get().import_notes)


def test_links_in_a_folder_are_not_followed(tmp_path):
    folder = tmp_path / "lahteet"
    folder.mkdir()
    write(folder, "oikea.txt", wordpress_post("Oikea kirjoitus"))
    secret = write(tmp_path, "salaisuus.txt", wordpress_post("Salainen"))
    os.symlink(secret, folder / "linkki.txt")
    output = import_posts(folder)
    assert list(Post.objects.values_list("title", flat=True)) == ["Oikea kirjoitus"]
    assert f"linkki.txt: left out, a link to {secret}" in output


def test_a_link_named_on_the_command_line_is_imported(tmp_path):
    secret = write(tmp_path, "kirjoitus.txt", wordpress_post("Nimetty"))
    os.symlink(secret, tmp_path / "linkki.txt")
    import_posts(tmp_path / "linkki.txt")
    assert Post.objects.get().title == "Nimetty"


@pytest.mark.parametrize("destination", ["kansio", "uusi/"], ids=["a folder", "a folder name"])
def test_fixture_out_to_a_folder_is_refused_before_importing(tmp_path, destination):
    (tmp_path / "kansio").mkdir()
    with pytest.raises(CommandError, match="that is a folder: give a file name"):
        import_posts(SOURCES, fixture_out=f"{tmp_path}/{destination}")
    assert Post.objects.count() == 0
    assert not list(tmp_path.rglob("*.tmp"))


def test_fixture_out_under_a_file_is_refused_before_importing(tmp_path):
    write(tmp_path, "tiedosto", "x")
    with pytest.raises(CommandError, match="cannot make its folder"):
        import_posts(SOURCES, fixture_out=tmp_path / "tiedosto" / "demo.json")
    assert Post.objects.count() == 0


def test_fixture_out_makes_a_missing_folder(tmp_path):
    import_posts(SOURCES, fixture_out=tmp_path / "uusi" / "kansio" / "demo.json")
    assert (tmp_path / "uusi" / "kansio" / "demo.json").stat().st_size > 0
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_database_refusal_mid_import_undoes_every_batch_written(tmp_path, monkeypatch):
    import_posts(SOURCES)
    before = state()
    # A second source, long enough for several batches, and an update of a shipped post.
    posts = "".join(wordpress_post(f"Kirjoitus {number}") for number in range(120))
    write(tmp_path, "a.txt", posts)
    changed = (SOURCES / "wordpress-hr-blog.txt").read_text().replace("kuuntele", "KUUNTELE")
    write(tmp_path, "b.txt", changed)
    batches = []
    write_batch = loader.Importer._write_batch

    def refuse_the_fourth(self, batch, path, rules):
        batches.append(path)
        if len(batches) == 4:
            raise DatabaseError("disk I/O error")
        return write_batch(self, batch, path, rules)

    monkeypatch.setattr(loader.Importer, "_write_batch", refuse_the_fourth)
    with pytest.raises(CommandError, match=r"disk I/O error.*was undone"):
        import_posts(tmp_path / "a.txt", tmp_path / "b.txt")
    assert len(batches) == 4
    assert state() == before
    assert Author.objects.filter(display_name="Saija Vuorinen").count() == 1
