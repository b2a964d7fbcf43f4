from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from blog.models import Post
from core.bootstrap import load_demo_content
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def run_bootstrap():
    out = StringIO()
    call_command("bootstrap_site", stdout=out)
    return out.getvalue()


def test_first_run_creates_an_administrator_and_prints_the_password_once(client):
    output = run_bootstrap()
    password = output.split("password:")[1].split()[0]
    admin = get_user_model().objects.get(is_superuser=True)
    assert "user name: admin" in output
    signed_in = client.post("/admin/login/", {"username": "admin", "password": password})
    assert signed_in.status_code == 302 and client.get("/admin/").status_code == 200
    assert admin.is_staff
    assert "password" not in run_bootstrap()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_administrator_name_avoids_an_existing_user():
    get_user_model().objects.create_user(username="admin")
    assert "user name: admin2" in run_bootstrap()


def test_demo_content_loads_only_into_an_empty_database(tmp_path):
    fixture = tmp_path / "demo.json"
    fixture.write_text(
        '[{"model": "blog.post", "pk": 900, "fields": {"title": "Demo", "slug": "demo",'
        ' "status": "published", "published_at": "2015-10-29T10:00:00Z",'
        ' "created_at": "2015-10-29T10:00:00Z", "updated_at": "2015-10-29T10:00:00Z"}}]'
    )
    assert load_demo_content(fixture)
    assert Post.objects.get().title == "Demo"
    assert not load_demo_content(fixture)


def test_demo_content_is_not_loaded_over_existing_posts(tmp_path):
    PostFactory()
    fixture = tmp_path / "demo.json"
    fixture.write_text("[]")
    assert not load_demo_content(fixture)


def test_missing_demo_fixture_is_skipped(tmp_path):
    assert not load_demo_content(tmp_path / "missing.json")
