"""First-run set-up for `make run`: demo content and an administrator account."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from authors.models import Author
from blog.models import Post

DEMO_FIXTURE = settings.BASE_DIR / "fixtures" / "demo.json"


def load_demo_content(fixture=DEMO_FIXTURE):
    """Load the shipped demo posts into a database with no posts or authors; True if loaded."""
    if Post.objects.exists() or Author.objects.exists() or not fixture.exists():
        return False
    call_command("loaddata", str(fixture), verbosity=0)
    return True


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
