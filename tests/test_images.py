"""Uploaded images: what is refused, what is stripped, and the sizes made for the theme."""

import io
import json
from http import HTTPStatus

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from PIL import Image

from authors.models import Author
from blog.models import Post, PostImage
from core.images import CONTENT_SIZES
from core.models import SiteIdentity
from tests.authoring import ADMIN, edit, member, post_of
from tests.factories import AuthorFactory, PostFactory, UserFactory
from tests.pictures import SCRIPT_COMMENT, SECRET, phone_photo, picture, png_bomb, scripted_photo

pytestmark = pytest.mark.django_db

UPLOAD = f"{ADMIN}upload-image/"


def stored(name):
    with default_storage.open(name) as file:
        data = file.read()
    return data, Image.open(io.BytesIO(data))


def upload_featured(client, post, file):
    return edit(client, post, featured_image=file, featured_image_alt="Kuvaus")


def form_error(response):
    assert response.status_code == HTTPStatus.OK, "the form should come back, not save"
    return " ".join(response.context["adminform"].form.errors["featured_image"])


@pytest.fixture
def author():
    return member("Author")


def test_decompression_bomb_is_refused_with_a_form_error(author):
    user, client = author
    post = post_of(user, title="Pommikohde")
    response = upload_featured(client, post, png_bomb())
    assert "Kuvassa on liikaa pikseleitä" in form_error(response)
    post.refresh_from_db()
    assert not post.featured_image


def test_image_over_the_pixel_limit_is_refused(author, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    user, client = author
    response = upload_featured(client, post_of(user), png_bomb(2000, 1000))
    assert "raja on 1 megapikseliä" in form_error(response)


def test_file_over_the_byte_limit_is_refused(author, settings):
    settings.IMAGE_MAX_BYTES = 500
    user, client = author
    response = upload_featured(client, post_of(user), picture(size=(300, 300)))
    assert "kuva saa olla enintään 500\xa0tavua" in form_error(response)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("kuva.jpg", b"<html><script>alert(1)</script></html>"),
        ("kuva.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ],
)
def test_a_file_that_is_not_a_jpeg_png_webp_or_gif_is_refused(author, name, content):
    user, client = author
    fake = io.BytesIO(content)
    fake.name = name
    response = upload_featured(client, post_of(user), fake)
    assert "Lataa JPEG-, PNG-, WebP- tai GIF-kuva. Tämä tiedosto ei ole" in form_error(response)


def test_an_image_that_lies_about_its_type_is_refused(author):
    user, client = author
    png_named_jpeg = picture(name="kuva.jpg", kind="PNG")
    response = upload_featured(client, post_of(user), png_named_jpeg)
    assert "nimi on ”kuva.jpg”, mutta se on PNG-kuva" in form_error(response)


def test_exif_is_stripped_after_its_orientation_is_applied(author):
    user, client = author
    post = post_of(user)
    response = upload_featured(client, post, phone_photo(size=(400, 200)))
    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    data, image = stored(post.featured_image.name)
    assert image.size == (200, 400), "turned upright"
    assert dict(image.getexif()) == {}
    assert SECRET.encode() not in data and b"GPS" not in data
    # The dark edge was on the left of the sideways photo: upright, it is at the top.
    assert image.getpixel((100, 5)) == pytest.approx((0, 0, 0), abs=20)


def assert_clean(data, what="the picture"):
    assert SCRIPT_COMMENT not in data, f"{what} kept its comment segment"
    assert SECRET.encode() not in data and b"GPS" not in data, f"{what} kept its EXIF"
    with Image.open(io.BytesIO(data)) as image:
        assert dict(image.getexif()) == {} and "comment" not in image.info, what


# One way to make a saved instance of each model that has an image field.
IMAGE_OWNERS = {
    Post: PostFactory,
    PostImage: PostImage,
    Author: AuthorFactory,
    SiteIdentity: lambda: SiteIdentity(name="Tiimiblogi"),
}


def test_every_image_field_of_every_model_stores_a_cleaned_picture():
    fields = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ImageField)
    ]
    assert len(fields) >= 4
    missing = {model.__name__ for model, _field in fields} - {m.__name__ for m in IMAGE_OWNERS}
    assert not missing, f"add a way to make these to IMAGE_OWNERS: {missing}"
    for model, field in fields:
        instance = IMAGE_OWNERS[model]()
        setattr(instance, field.name, scripted_photo())
        instance.save()
        data, _image = stored(getattr(instance, field.name).name)
        assert_clean(data, f"{model.__name__}.{field.name}")


def test_cover_image_uploaded_in_the_admin_is_cleaned():
    user, client = member("Author")
    profile = user.author_profile
    response = client.post(
        f"/admin/authors/author/{profile.pk}/change/",
        {
            "display_name": profile.display_name,
            "slug": profile.slug,
            "cover_image": scripted_photo(),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    profile.refresh_from_db()
    data, image = stored(profile.cover_image.name)
    assert_clean(data)
    assert image.size == (200, 400), "turned upright"


def test_theme_sizes_are_made_and_offered_in_srcset(author, client):
    user, admin_client = author
    post = post_of(user, title="Kuvallinen")
    upload_featured(admin_client, post, picture(size=(2000, 1000)))
    post.refresh_from_db()
    sizes = post.featured_image_info["sizes"]
    assert sorted(sizes, key=int) == ["400", "800", "1600"]
    for width, name in sizes.items():
        assert stored(name)[1].size == (int(width), int(width) // 2)
    page = client.get(post.get_absolute_url()).content.decode()
    url = post.featured_image.url.rsplit(".", 1)[0]
    assert f"{url}-400w.jpg 400w" in page and f"{url}-1600w.jpg 1600w" in page
    assert f"{post.featured_image.url} 2000w" in page
    assert 'width="2000" height="1000"' in page
    home = client.get("/").content.decode()
    assert f"{url}-800w.jpg 800w" in home


def test_a_small_image_is_never_made_larger(author):
    user, client = author
    post = post_of(user)
    upload_featured(client, post, picture(size=(500, 300)))
    post.refresh_from_db()
    assert list(post.featured_image_info["sizes"]) == ["400"]


def test_avatar_is_cropped_square_around_its_centre():
    author = AuthorFactory(display_name="Saija Vuorinen", avatar=phone_photo(size=(900, 600)))
    data, image = stored(author.avatar.name)
    assert image.size == (512, 512)
    assert SECRET.encode() not in data
    assert sorted(author.avatar_info["sizes"], key=int) == ["96", "192"]


def test_writer_uploads_an_image_from_the_editor_and_it_renders_with_srcset(author, client):
    user, admin_client = author
    response = admin_client.post(UPLOAD, {"image": phone_photo("kahvi.jpg", size=(1800, 1200))})
    assert response.status_code == HTTPStatus.OK
    url = response.json()["data"]["filePath"]
    picture_row = PostImage.objects.get()
    assert url == picture_row.image.url and picture_row.uploaded_by == user
    assert SECRET.encode() not in stored(picture_row.image.name)[0]
    post = post_of(user, body=f"Kahvitauko.\n\n![Kahvikuppi pöydällä]({url})")
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'src="{url}"' in page
    assert f"{url.rsplit('.', 1)[0]}-800w.jpg 800w" in page
    assert 'alt="Kahvikuppi pöydällä"' in page and 'loading="lazy"' in page
    # Its WebP copies first, for the browsers that read them (all current ones do); the
    # photo stands upright, 1200 wide.
    stem = url.rsplit(".", 1)[0]
    webp = f"{stem}-400w.webp 400w, {stem}-800w.webp 800w, {stem}-1200w.webp 1200w"
    assert (
        f'<picture><source sizes="{CONTENT_SIZES}" srcset="{webp}" type="image/webp"><img'
    ) in page


def test_editor_upload_refuses_a_bomb_with_a_message(author):
    _user, client = author
    response = client.post(UPLOAD, {"image": png_bomb()})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Kuvassa on liikaa pikseleitä" in json.loads(response.content)["error"]
    assert not PostImage.objects.exists()


def test_editor_upload_needs_a_writer(client):
    stranger = UserFactory(is_staff=True)
    client.force_login(stranger)
    assert client.post(UPLOAD, {"image": picture()}).status_code == HTTPStatus.FORBIDDEN
    client.logout()
    assert client.post(UPLOAD, {"image": picture()}).status_code == HTTPStatus.FOUND
    assert not PostImage.objects.exists()


def test_animated_gif_keeps_its_frames(author):
    user, client = author
    frames = [Image.new("RGB", (60, 40), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    buffer.seek(0)
    buffer.name = "animaatio.gif"
    post = post_of(user)
    upload_featured(client, post, buffer)
    post.refresh_from_db()
    assert stored(post.featured_image.name)[1].n_frames == 3
    assert Post.objects.get(pk=post.pk).featured_image_info["sizes"] == {}
