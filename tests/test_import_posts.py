"""`manage.py import_posts` end to end: real files, the real database, the report."""

import datetime
import json
import os
import pty
import shutil
import subprocess
import sys
import zoneinfo
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag, TaggedItem

from authors.models import Author
from blog.models import Post, PostAuthor
from core.bootstrap import DEMO_FIXTURE, load_demo_content
from tests.factories import AuthorFactory
from tests.import_notes import english

pytestmark = pytest.mark.django_db

SOURCES = Path(settings.BASE_DIR) / "fixtures" / "sources"
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
BYLINE = "Kirjoittaja Saija Vuorinen on HR-kumppani."


def import_posts(*args, **options):
    out = StringIO()
    call_command("import_posts", *[str(arg) for arg in args], stdout=out, **options)
    return out.getvalue()


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


PARAGRAPH = "Esimiestyö on ihmisten kanssa tehtävää työtä, ja siinä kuunteleminen ratkaisee. "


def wordpress_post(title, paragraphs=2, byline=BYLINE):
    """One post of WordPress text: title, paragraphs, and the byline that ends it."""
    return f"{title}\n\n" + "\n\n".join([PARAGRAPH * 3] * paragraphs) + f"\n\n{byline}\n"


def state():
    """Everything an import writes, to compare runs."""
    return (
        sorted(Post.objects.values_list("import_key", "slug", "title", "body", "updated_at")),
        sorted(Author.objects.values_list("display_name", "bio")),
        get_user_model().objects.count(),
        sorted(Tag.objects.values_list("name", flat=True)),
        TaggedItem.objects.count(),
        PostAuthor.objects.count(),
    )


def test_seeds_import_into_exactly_seven_posts():
    output = import_posts(SOURCES)
    posts = {post.title: post for post in Post.objects.with_listing_relations()}
    assert set(posts) == {
        "Miksi osaamisen kehittäminen työssä on tärkeää? – Kolme näkökulmaa",
        "Paras hyöty irti tiimityöstä? – Lisää fasilitointitaitoja työpaikalle, kiitos!",
        "Miten kohdata ja johtaa ulkoista työvoimaa?",
        "Esimies muiden silmin",
        "Haastavista asiakaspalvelutilanteista hauskoihin ihmiskohtaamisiin",
        'Miten sinustakin tulee "CAN DO" -tyyppi?',
        "Empatiaa ja asiakaspalvelua samassa paketissa",
    }
    authors = {title: [a.display_name for a in post.author_list] for title, post in posts.items()}
    assert authors["Esimies muiden silmin"] == ["Riina Michelsson"]
    assert authors["Miten kohdata ja johtaa ulkoista työvoimaa?"] == ["Marjaana Jokinen"]
    assert authors["Empatiaa ja asiakaspalvelua samassa paketissa"] == []
    assert posts["Empatiaa ja asiakaspalvelua samassa paketissa"].published_at == (
        datetime.datetime(2015, 10, 23, 12, 0, tzinfo=HELSINKI)
    )
    assert posts['Miten sinustakin tulee "CAN DO" -tyyppi?'].published_at.date() == (
        datetime.date(2015, 10, 29)
    )
    assert Post.objects.filter(date_unknown=True).count() == 5
    assert Author.objects.count() == 3
    assert "blogger-2015.txt: blogger, 2 post(s)" in output
    assert "wordpress-hr-blog.txt: wordpress, 5 post(s)" in output
    assert "Posts: 7 created, 0 updated, 0 unchanged, 0 kept local edits." in output
    assert "Authors: 3 created, 0 updated." in output
    assert "Posts with unknown date: 5. Unattributed posts: 2. Images lost: 12." in output


@pytest.mark.parametrize(
    "noise",
    [
        "Advertisement",
        "7882F062",
        "svuorinen1",
        "stones-167089_1280",
        "kuvio12.12",
        "DSC_6716",
        "Riina_kuva",
        "Kuva:",
        "Kirjoittaja",
        "Kuva löytyy",
        "Kuvakaappaus",
        "\u00a0",
    ],
)
def test_seed_bodies_are_free_of_noise(noise):
    import_posts(SOURCES)
    for post in Post.objects.all():
        assert noise not in post.body, post.title
        assert noise not in post.body_html, post.title


def test_seed_structure_becomes_markdown():
    import_posts(SOURCES)
    facilitation = Post.objects.get(slug__startswith="paras-hyoty")
    assert '<h2 id="h-yhteinen-suunta-sitoutuminen-ja-jaettu-toteutus">' in facilitation.body_html
    assert (
        "<blockquote>\n<p>Fasilitoinnin lopputuloksena syntyy yhteinen päätös ja suunta.</p>"
        in facilitation.body_html
    )
    first = Post.objects.get(slug__startswith="miksi-osaamisen")
    assert "<ol>\n<li>Ihmistyön määrä ei vähene" in first.body_html
    empathy = Post.objects.get(slug="empatiaa-ja-asiakaspalvelua-samassa-paketissa")
    assert "<ul>\n<li>kiireenkin keskellä" in empathy.body_html
    assert "EMPATIAA JA ASIAKASPALVELUA SAMASSA PAKETISSA" in english(empathy.import_notes)


def test_bylines_become_author_bios():
    import_posts(SOURCES)
    saija = Author.objects.get(display_name="Saija Vuorinen")
    assert saija.bio.startswith("Saija Vuorinen on fasilitoiva HR-kumppani")
    assert saija.slug == "saija-vuorinen"
    assert not saija.user.has_usable_password()


def test_every_shipped_post_carries_tags():
    import_posts(SOURCES)
    for post in Post.objects.all():
        assert post.tags.exists(), post.title


def test_three_runs_create_once_then_report_unchanged():
    first = import_posts(SOURCES)
    after_first = state()
    second = import_posts(SOURCES)
    third = import_posts(SOURCES)
    assert "7 created" in first
    for output in (second, third):
        assert "Posts: 0 created, 0 updated, 7 unchanged, 0 kept local edits." in output
        assert "Authors: 0 created, 0 updated." in output
    assert state() == after_first


def test_one_author_across_files_and_runs(tmp_path):
    write(tmp_path, "a.txt", f"Yksi\n\nTeksti yksi.\n\n{BYLINE}")
    write(tmp_path, "b.txt", f"Kaksi\n\nTeksti kaksi.\n\n{BYLINE}")
    import_posts(tmp_path / "a.txt")
    import_posts(tmp_path)
    assert Author.objects.filter(display_name="Saija Vuorinen").count() == 1
    assert get_user_model().objects.count() == 1
    assert Post.objects.count() == 2


def test_existing_profile_is_matched_by_name():
    saija = AuthorFactory(display_name="Saija Vuorinen")
    import_posts(SOURCES)
    assert Author.objects.count() == 3
    assert Post.objects.filter(authors=saija).count() == 2


def test_changed_source_updates_its_post(tmp_path):
    source = write(tmp_path, "blog.txt", f"Otsikko\n\nVanha teksti.\n\n{BYLINE}")
    import_posts(source)
    slug = Post.objects.get().slug
    write(tmp_path, "blog.txt", f"Otsikko\n\nUusi teksti.\n\n{BYLINE}")
    output = import_posts(source)
    post = Post.objects.get()
    assert "Posts: 0 created, 1 updated, 0 unchanged, 0 kept local edits." in output
    assert post.body_html == "<p>Uusi teksti.</p>"
    assert post.slug == slug


def test_updating_a_post_renders_it_once(tmp_path, monkeypatch):
    import blog.models

    source = write(tmp_path, "blog.txt", f"Otsikko\n\nVanha teksti.\n\n{BYLINE}")
    import_posts(source)
    write(tmp_path, "blog.txt", f"Otsikko\n\nUusi teksti.\n\n{BYLINE}")
    rendered = []
    real = blog.models.render_markdown
    monkeypatch.setattr(
        blog.models, "render_markdown", lambda *args: rendered.append(args[0]) or real(*args)
    )
    import_posts(source)
    assert [body.strip() for body in rendered] == ["Uusi teksti."]


def test_post_edited_in_the_admin_keeps_local_edits(tmp_path, admin_client):
    source = write(tmp_path, "blog.txt", f"Otsikko\n\nVanha teksti.\n\n{BYLINE}")
    import_posts(source)
    post = Post.objects.get()
    post.body = "Toimittajan korjaama teksti."
    post.save()
    write(tmp_path, "blog.txt", f"Otsikko\n\nUusi teksti.\n\n{BYLINE}")
    output = import_posts(source, verbosity=2)
    post.refresh_from_db()
    assert "0 updated, 0 unchanged, 1 kept local edits." in output
    assert "kept local edits" in output.splitlines()[1]
    assert post.body == "Toimittajan korjaama teksti."


def test_editor_fixing_the_date_is_not_a_content_edit(tmp_path):
    source = write(tmp_path, "blog.txt", f"Otsikko\n\nTeksti.\n\n{BYLINE}")
    import_posts(source)
    Post.objects.update(published_at=datetime.datetime(2019, 3, 1, tzinfo=HELSINKI))
    write(tmp_path, "blog.txt", f"Otsikko\n\nKorjattu teksti.\n\n{BYLINE}")
    assert "1 updated" in import_posts(source)
    assert Post.objects.get().published_at.year == 2019


def test_two_posts_with_the_same_title_stay_two(tmp_path):
    source = write(tmp_path, "b.txt", f"Sama\n\nYksi.\n\n{BYLINE}\n\nSama\n\nKaksi.\n\n{BYLINE}")
    import_posts(source)
    assert sorted(Post.objects.values_list("slug", flat=True)) == ["sama", "sama-2"]
    assert "0 created, 0 updated, 2 unchanged" in import_posts(source)


def test_dry_run_writes_nothing_and_reports():
    output = import_posts(SOURCES, dry_run=True)
    assert "Posts: 7 created" in output
    assert "Dry run: nothing was written." in output
    assert not Post.objects.exists()
    assert not Author.objects.exists()
    assert not get_user_model().objects.exists()


def test_author_option_attributes_unattributed_posts():
    import_posts(SOURCES / "blogger-2015.txt", author="Riina Michelsson")
    assert Post.objects.filter(authors__display_name="Riina Michelsson").count() == 2


def test_status_option_imports_drafts():
    import_posts(SOURCES, status="draft")
    assert Post.objects.drafts().count() == 7
    assert not Post.objects.published().exists()


def test_order_of_undated_posts_follows_the_source():
    import_posts(SOURCES / "wordpress-hr-blog.txt")
    titles = list(Post.objects.published().values_list("title", flat=True))
    assert titles[0].startswith("Miksi osaamisen")
    assert titles[-1].startswith("Haastavista")


def test_verbosity_zero_prints_nothing():
    assert import_posts(SOURCES, verbosity=0) == ""


def test_verbosity_two_lists_every_post():
    output = import_posts(SOURCES, verbosity=2)
    assert output.count("  created ") == 7


def test_format_option_overrides_detection(tmp_path):
    source = write(tmp_path, "x.txt", "Otsikko\n\nTeksti ilman kirjoittajaa.")
    output = import_posts(source, format="wordpress")
    assert "x.txt: wordpress, 1 post(s)" in output
    assert Post.objects.get().title == "Otsikko"


def test_bom_and_crlf_are_accepted(tmp_path):
    text = f"\ufeffOtsikko\r\n\r\nTeksti.\r\n\r\n{BYLINE}\r\n"
    import_posts(write(tmp_path, "crlf.txt", text))
    post = Post.objects.get()
    assert post.title == "Otsikko"
    assert post.body == "Teksti.\n"


def test_crlf_file_is_the_same_post_as_lf(tmp_path):
    import_posts(write(tmp_path, "a.txt", f"Otsikko\n\nTeksti.\n\n{BYLINE}\n"))
    output = import_posts(write(tmp_path, "a.txt", f"Otsikko\r\n\r\nTeksti.\r\n\r\n{BYLINE}\r\n"))
    assert "1 unchanged" in output


def test_other_encodings_with_the_option(tmp_path):
    source = write(tmp_path, "latin.txt", f"Työn ilo\n\nTekstiä.\n\n{BYLINE}", encoding="latin-1")
    import_posts(source, encoding="latin-1")
    assert Post.objects.get().title == "Työn ilo"


def assert_fails(*args, message, **options):
    with pytest.raises(CommandError) as error:
        import_posts(*args, **options)
    assert message in str(error.value)
    assert "Nothing was imported." in str(error.value) or "choose one" in str(error.value)
    assert not Post.objects.exists()
    assert not Author.objects.exists()
    return str(error.value)


def test_wrong_encoding_names_the_byte_and_the_fix(tmp_path):
    source = write(tmp_path, "latin.txt", f"Otsikko\n\nTyö.\n\n{BYLINE}", encoding="latin-1")
    message = assert_fails(source, message="not utf-8 at byte 11: try --encoding latin-1")
    assert message.startswith(f"{source}:3: ")


def test_missing_path_is_an_error(tmp_path):
    assert_fails(tmp_path / "ei-ole.txt", message="no such file or folder")


def test_empty_file_is_an_error(tmp_path):
    assert_fails(write(tmp_path, "empty.txt", "\n \n\u00a0\n"), message="the file is empty")


def test_binary_file_is_an_error(tmp_path):
    binary = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_fails(binary, message="this is a binary file")


def test_file_with_no_posts_is_an_error(tmp_path):
    assert_fails(
        write(tmp_path, "notes.txt", "Muistiinpanoja.\n\nEi kirjoittajaa."),
        message="no posts found",
    )


def test_unknown_encoding_is_an_error(tmp_path):
    assert_fails(SOURCES, encoding="klingon", message="not an encoding Python knows")


def test_folder_without_sources_is_an_error(tmp_path):
    assert_fails(tmp_path, message="the folder has no .txt or .xml files")


def test_dry_run_and_fixture_out_together_are_refused(tmp_path):
    assert_fails(SOURCES, dry_run=True, fixture_out=tmp_path / "x.json", message="choose one")


def test_a_bad_file_anywhere_writes_nothing(tmp_path):
    shutil.copy(SOURCES / "wordpress-hr-blog.txt", tmp_path / "a-good.txt")
    write(tmp_path, "b-bad.txt", "torstai 31. helmikuuta 2015\n\nOTSIKKO\n\nTeksti.")
    assert_fails(tmp_path, message="b-bad.txt:1: 'torstai 31. helmikuuta 2015' is not a real date")
    assert not get_user_model().objects.exists()
    assert not Tag.objects.exists()


def test_the_same_source_twice_in_one_run_is_an_error(tmp_path):
    shutil.copy(SOURCES / "blogger-2015.txt", tmp_path / "copy.txt")
    assert_fails(SOURCES / "blogger-2015.txt", tmp_path / "copy.txt", message="already imported")


# Flushing inside the test's transaction fails on PostgreSQL (pending constraint checks).
@pytest.mark.django_db(transaction=True)
def test_fixture_round_trip_into_an_empty_database(tmp_path):
    fixture = tmp_path / "out" / "demo.json"
    import_posts(SOURCES, fixture_out=fixture)
    before = canonical(json.loads(fixture.read_text(encoding="utf-8")))
    call_command("flush", interactive=False, verbosity=0)
    assert not Post.objects.exists()
    call_command("loaddata", str(fixture), verbosity=0)
    assert Post.objects.published().count() == 7
    assert Author.objects.count() == 3
    second = tmp_path / "again.json"
    import_posts(SOURCES, fixture_out=second)
    assert "7 unchanged" in import_posts(SOURCES)
    assert canonical(json.loads(second.read_text(encoding="utf-8"))) == before


def test_shipped_demo_fixture_is_what_the_importer_makes_today(tmp_path):
    """No drift: rebuild it with `make demo-fixture` when the importer or sources change."""
    fresh = tmp_path / "demo.json"
    import_posts(SOURCES, fixture_out=fresh)
    shipped = canonical(json.loads(DEMO_FIXTURE.read_text(encoding="utf-8")))
    assert canonical(json.loads(fresh.read_text(encoding="utf-8"))) == shipped


def test_demo_content_never_overwrites_existing_accounts():
    admin = get_user_model().objects.create_superuser("admin", "", "salasana-123")
    assert load_demo_content(extras=False)
    admin.refresh_from_db()
    assert admin.username == "admin"
    assert admin.is_superuser
    assert get_user_model().objects.count() == 4


def test_make_run_loads_the_demo_content_into_an_empty_database(client):
    assert load_demo_content(extras=False)
    assert Post.objects.published().count() == 7
    html = client.get("/").content.decode()
    assert "Esimies muiden silmin" in html
    assert "Riina Michelsson" in html


VOLATILE = {"created_at", "updated_at", "password", "last_login", "date_joined"}


def canonical(records):
    """A fixture with database ids and import-time stamps replaced by stable identities."""
    ids = {}
    for record in records:
        fields = record["fields"]
        identity = fields.get("import_key") or fields.get("slug") or fields.get("username")
        ids[(record["model"], record.get("pk"))] = identity
        record.pop("pk", None)
    result = []
    for record in records:
        fields = {k: v for k, v in record["fields"].items() if k not in VOLATILE}
        model = record["model"]
        if fields.get("date_unknown"):
            fields.pop("published_at")
        if model == "blog.postauthor":
            fields["post"] = ids[("blog.post", fields["post"])]
            fields["author"] = ids[("authors.author", fields["author"])]
        if model == "taggit.taggeditem":
            fields["object_id"] = ids[("blog.post", fields["object_id"])]
            fields["tag"] = fields["tag"][0]
        result.append((model, json.dumps(fields, sort_keys=True, ensure_ascii=False)))
    return sorted(result)


def run_in_terminal(args, tmp_path, *, piped=False):
    """Run manage.py with a pseudo-terminal for output (or a pipe), as a user would."""
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'tty.db'}"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=settings.BASE_DIR, env=env, check=True)
    if piped:
        result = subprocess.run(
            [*manage, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )
        return result.stdout + result.stderr
    controller, terminal = pty.openpty()
    subprocess.run(
        [*manage, *args], cwd=settings.BASE_DIR, env=env, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    return output.decode()


def test_progress_bar_on_a_terminal(tmp_path):
    output = run_in_terminal(["import_posts", str(SOURCES)], tmp_path)
    assert "Importing [##############################] 100%" in output
    assert "Posts: 7 created" in output


def test_no_progress_bar_when_output_is_piped(tmp_path):
    output = run_in_terminal(["import_posts", str(SOURCES)], tmp_path, piped=True)
    assert "Importing [" not in output
    assert "Posts: 7 created" in output
