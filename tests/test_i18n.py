import shutil
from http import HTTPStatus
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from core.bootstrap import load_demo_content

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fi" / "LC_MESSAGES" / "django.po"


def test_makemessages_leaves_no_string_untranslated(settings, tmp_path, monkeypatch):
    """Run on a copy of the project, so that the catalogue in the working tree stays."""
    project = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        project,
        ignore=shutil.ignore_patterns(
            ".*", "node_modules", "media", "staticfiles", "tests", "benchmarks", "*.sqlite3*"
        ),
    )
    settings.LOCALE_PATHS = [project / "locale"]
    monkeypatch.chdir(project)
    call_command("makemessages", locale=["fi"], no_location=True, no_obsolete=True, verbosity=0)
    catalogue = polib.pofile(str(project / CATALOGUE.relative_to(settings.BASE_DIR)))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert len(catalogue) == len(polib.pofile(str(CATALOGUE)))


def test_site_is_finnish_by_default(client):
    load_demo_content(extras=False)
    html = client.get("/").content.decode()
    assert '<html lang="fi"' in html
    assert "Uusimmat kirjoitukset" in html
    assert "Siirry sisältöön" in html
    assert "min lukuaika" in html


def test_english_is_selectable_and_the_choice_sticks(client):
    load_demo_content(extras=False)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tags/"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/tags/"
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Latest posts" in html
    assert (
        "Oct. 29, 2015"
        in client.get("/posts/miten-sinustakin-tulee-can-do-tyyppi/").content.decode()
    )
    client.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    assert "Uusimmat kirjoitukset" in client.get("/").content.decode()


def test_finnish_plural_forms(client):
    load_demo_content(extras=False)
    html = client.get("/").content.decode()
    assert "0 kommenttia" in html


def test_search_messages_are_finnish(client):
    assert "enintään 200 merkkiä" in client.get("/search/", {"q": "x" * 201}).content.decode()


def test_an_english_browser_still_gets_the_finnish_site_until_english_is_chosen(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fi"' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert '<html lang="en"' in html


def test_the_admin_is_named_after_the_blog_not_django(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Työelämän tiimiblogi" in html
    assert "Djangon ylläpito" not in html and "Django administration" not in html


def test_the_comment_forms_help_follows_the_readers_language(client):
    load_demo_content(extras=False)
    post = "/posts/miten-sinustakin-tulee-can-do-tyyppi/"
    assert "Enintään 3000 merkkiä." in client.get(post).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(post).content.decode()
    assert "Paragraphs, *emphasis*" in html and "At most 3000 characters." in html
