"""First-run set-up for `make run`: demo content and an administrator account."""

import json
import secrets
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

BASE_DIR = Path(settings.BASE_DIR)
DEMO_FIXTURE = BASE_DIR / "fixtures" / "demo.json"
DEMO_EMAIL_DOMAIN = "blogi.example"
_demo_extras = []


def after_demo_content(extra):
    """Run ``extra()`` once the demo content is loaded: an app adds what a fixture cannot
    carry (the blog its pictures). Apps register it when they start."""
    if extra not in _demo_extras:
        _demo_extras.append(extra)


def load_demo_content(fixture=DEMO_FIXTURE, extras=True):
    """Load the shipped demo posts into a site with no content yet; True if loaded.

    ``extras``: what apps add beside the fixture (``after_demo_content``); tests of the
    demo's rows alone leave it out.
    """
    if _site_has_content() or not fixture.exists():
        return False
    call_command("loaddata", str(fixture), verbosity=0)
    _give_demo_writers_addresses(fixture)
    for extra in _demo_extras if extras else ():
        extra()
    return True


def _give_demo_writers_addresses(fixture):
    """The demo writers get addresses on a domain reserved for examples (RFC 2606), so
    that `make run` shows comment notices going out without mailing anyone real."""
    items = json.loads(fixture.read_text())
    names = [item["fields"]["username"] for item in items if item["model"] == "auth.user"]
    for user in get_user_model().objects.filter(username__in=names, email=""):
        user.email = f"{user.get_username()}@{DEMO_EMAIL_DOMAIN}"
        user.save(update_fields=["email"])


def _site_has_content():
    """Whether any model of the project's own apps (those at its top level) has a row."""
    own = (config for config in apps.get_app_configs() if Path(config.path).parent == BASE_DIR)
    return any(model.objects.exists() for config in own for model in config.get_models())


def create_first_administrator(username="admin"):
    """Create a superuser with a generated password if there is none.

    Returns ``(username, password)`` when an account was made, else None. The password
    exists only in the return value: it is shown once and never stored in clear.
    """
    users = get_user_model()
    if users.objects.filter(is_superuser=True).exists():
        return None
    candidate, number = username, 2
    while users.objects.filter(username=candidate).exists():
        candidate, number = f"{username}{number}", number + 1
    password = secrets.token_urlsafe(12)
    users.objects.create_superuser(username=candidate, email="", password=password)
    return candidate, password
