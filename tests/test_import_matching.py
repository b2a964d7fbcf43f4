"""A corrected date or title in the source updates its post; it never makes a second one."""

import datetime
import zoneinfo

import pytest
from django.core.management import CommandError
from django.db import DatabaseError

from blog.models import Post
from importing import loader
from tests.test_import_posts import PARAGRAPH, import_posts, wordpress_post, write

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
TEXT = PARAGRAPH * 4


def blogger(*posts):
    """Blogger text: (day line, title, body) for each post, newest first."""
    return "\n\n".join(f"{day}\n\n{title}\n\n{body}" for day, title, body in posts) + "\n"


def test_a_corrected_date_updates_the_post_in_place(tmp_path):
    source = write(tmp_path, "b.txt", blogger(("torstai 29. lokakuuta 2015", "KOKEILU", TEXT)))
    import_posts(source)
    post = Post.objects.get()
    write(tmp_path, "b.txt", blogger(("perjantai 30. lokakuuta 2015", "KOKEILU", TEXT)))
    output = import_posts(source)
    assert "0 created, 1 updated" in output
    updated = Post.objects.get()
    assert (updated.pk, updated.slug) == (post.pk, post.slug)
    assert updated.published_at.astimezone(HELSINKI).date() == datetime.date(2015, 10, 30)
    assert updated.import_key.startswith("blogger:2015-10-30:")
    assert "0 created, 0 updated, 1 unchanged" in import_posts(source)


def test_a_title_typo_fixed_updates_the_post_in_place(tmp_path):
    source = write(
        tmp_path, "b.txt", blogger(("torstai 29. lokakuuta 2015", "KOKEILU JA RHOKEUS", TEXT))
    )
    import_posts(source)
    post = Post.objects.get()
    write(tmp_path, "b.txt", blogger(("torstai 29. lokakuuta 2015", "KOKEILU JA ROHKEUS", TEXT)))
    assert "0 created, 1 updated" in import_posts(source)
    assert Post.objects.get().pk == post.pk
    assert Post.objects.get().title.upper() == "KOKEILU JA ROHKEUS"


def test_a_wordpress_title_typo_fixed_updates_the_post(tmp_path):
    source = write(tmp_path, "w.txt", wordpress_post("Esimies muidne silmin"))
    import_posts(source)
    write(tmp_path, "w.txt", wordpress_post("Esimies muiden silmin"))
    assert "0 created, 1 updated" in import_posts(source)
    assert Post.objects.get().title == "Esimies muiden silmin"


def test_two_posts_sharing_a_title_on_different_days_stay_two(tmp_path):
    posts = [
        ("perjantai 30. lokakuuta 2015", "VIIKON AJATUS", TEXT),
        ("torstai 29. lokakuuta 2015", "VIIKON AJATUS", "Aivan toinen kirjoitus. " * 20),
    ]
    source = write(tmp_path, "b.txt", blogger(*posts))
    import_posts(source)
    assert Post.objects.count() == 2
    assert "0 created, 0 updated, 2 unchanged" in import_posts(source)


def test_a_different_post_under_an_old_title_is_a_new_post(tmp_path):
    source = write(
        tmp_path, "b.txt", blogger(("torstai 29. lokakuuta 2015", "VIIKON AJATUS", TEXT))
    )
    import_posts(source)
    other = "Aivan toinen kirjoitus samalla otsikolla. " * 20
    write(tmp_path, "b.txt", blogger(("perjantai 6. marraskuuta 2015", "VIIKON AJATUS", other)))
    assert "1 created" in import_posts(source)
    assert Post.objects.count() == 2


def test_when_both_title_and_date_change_nothing_is_guessed(tmp_path):
    source = write(tmp_path, "b.txt", blogger(("torstai 29. lokakuuta 2015", "KOKEILU", TEXT)))
    import_posts(source)
    write(tmp_path, "b.txt", blogger(("perjantai 30. lokakuuta 2015", "ROHKEUS", TEXT)))
    assert "1 created" in import_posts(source)


def test_a_post_edited_here_keeps_its_edits_and_answers_to_the_new_key(tmp_path):
    source = write(tmp_path, "b.txt", blogger(("torstai 29. lokakuuta 2015", "KOKEILU", TEXT)))
    import_posts(source)
    post = Post.objects.get()
    post.body += "\n\nToimittajan lisäys."
    post.save()
    write(tmp_path, "b.txt", blogger(("perjantai 30. lokakuuta 2015", "KOKEILU", TEXT)))
    assert "1 kept local edits" in import_posts(source)
    post.refresh_from_db()
    assert post.body.endswith("Toimittajan lisäys.")
    assert Post.objects.count() == 1
    assert post.import_key.startswith("blogger:2015-10-30:")


def test_an_undone_import_puts_the_old_key_and_date_back(tmp_path, monkeypatch):
    source = write(tmp_path, "b.txt", blogger(("torstai 29. lokakuuta 2015", "KOKEILU", TEXT)))
    import_posts(source)
    before = Post.objects.values_list("import_key", "published_at").get()
    write(tmp_path, "b.txt", blogger(("perjantai 30. lokakuuta 2015", "KOKEILU", TEXT)))
    other = write(tmp_path, "w.txt", wordpress_post("Toinen tiedosto"))
    write_batch = loader.Importer._write_batch

    def refuse_the_second_file(self, batch, path, rules):
        if path == other:
            raise DatabaseError("disk I/O error")
        return write_batch(self, batch, path, rules)

    monkeypatch.setattr(loader.Importer, "_write_batch", refuse_the_second_file)
    with pytest.raises(CommandError, match="was undone"):
        import_posts(source, other)
    assert Post.objects.values_list("import_key", "published_at").get() == before
