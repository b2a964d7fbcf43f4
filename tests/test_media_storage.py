"""Uploads on the storage MEDIA_STORAGE_URL names: the folder MEDIA_ROOT by default, an
S3-compatible bucket when it says so (CI's second run has moto's server)."""

import os
import urllib.request
from http import HTTPStatus

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from config.media_storage import default_storage as storage_for
from config.media_storage import public_origin
from core.images import base_url
from core.rendering import POST, render_markdown
from tests.authoring import edit, member, post_of
from tests.pictures import picture

BUCKET = os.environ.get("MEDIA_STORAGE_URL", "")


def test_no_url_is_the_folder_on_this_machine():
    assert storage_for("") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert public_origin(storage_for("")) is None


def test_an_s3_url_names_the_bucket_its_folder_and_its_server():
    storage = storage_for(
        "s3://blogin-kuvat/media?endpoint_url=https://s3.eu-north-1.example.com"
        "&region_name=eu-north-1&custom_domain=kuvat.blogi.example/media"
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "blogin-kuvat",
        "location": "media",
        "endpoint_url": "https://s3.eu-north-1.example.com",
        "region_name": "eu-north-1",
        "custom_domain": "kuvat.blogi.example/media",
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=2592000"},
    }
    # Pictures come from the CDN: the Content-Security-Policy lets pages show them.
    assert public_origin(storage) == "https://kuvat.blogi.example"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://kuvat", "use s3://bucket"),
        ("s3://AKIA:salainen@kuvat", "AWS_ACCESS_KEY_ID"),
        ("s3:///kansio", "names no bucket"),
        ("s3://kuvat?endpoint=http://x", "endpoint, which it does not know"),
    ],
)
def test_a_wrong_url_stops_the_site_with_what_to_write(url, says):
    with pytest.raises(ImproperlyConfigured, match=says):
        storage_for(url)


@pytest.mark.django_db
def test_posts_render_with_the_uploads_at_the_top_of_a_bucket(settings, monkeypatch):
    # Giving an address needs a key but no server: nothing is sent to this port.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "avain")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "salainen")
    bucket = storage_for("s3://kuvat?endpoint_url=http://127.0.0.1:9&region_name=us-east-1")
    settings.STORAGES = {**settings.STORAGES, "default": bucket}
    assert base_url(default_storage) == "http://127.0.0.1:9/kuvat/"
    html = render_markdown("![Tiimi](http://127.0.0.1:9/kuvat/images/tiimi.jpg)", POST)
    assert 'src="http://127.0.0.1:9/kuvat/images/tiimi.jpg"' in html


@pytest.mark.django_db
def test_an_upload_is_stored_where_the_url_says_and_readers_can_fetch_it(client):
    user, writer = member("Author")
    post = post_of(user, title="Kuvallinen")
    data = picture(name="kuva.jpg", size=(900, 600)).read()
    upload = SimpleUploadedFile("kuva.jpg", data, content_type="image/jpeg")
    assert edit(writer, post, featured_image=upload).status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    url = post.featured_image.url
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'src="{url}"' in page
    if BUCKET:
        endpoint = default_storage.endpoint_url
        assert url.startswith(f"{endpoint}/"), url
        # Readers fetch it from the bucket, over HTTP, with no key.
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == HTTPStatus.OK
            assert response.read()[:2] == b"\xff\xd8"
    else:
        assert url.startswith("/media/posts/")
        assert default_storage.path(post.featured_image.name).startswith(
            str(default_storage.location)
        )
