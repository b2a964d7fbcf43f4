"""The readers' theme: the site's identity as editors set it, pictures in every list,
WebP beside the originals, social cards, tag descriptions and the author cards."""

import io
import re
from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from taggit.models import Tag

from authors.models import Author
from blog.models import Post, TagDescription
from core import colours
from core.models import SiteIdentity
from tests.authoring import edit, member, post_of
from tests.factories import AuthorFactory, PostFactory
from tests.pictures import picture

pytestmark = pytest.mark.django_db

IDENTITY = "/admin/core/siteidentity/1/change/"


def get(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response.content.decode()


def identity_form(**changes):
    return {
        "name": "Tiimin blogi",
        "description": "",
        "footer_text": "",
        "accent_colour": "#0b5cad",
        **changes,
    }


def upload(name="kuva.jpg", size=(1800, 1000)):
    kind = "PNG" if name.endswith(".png") else "JPEG"
    data = picture(name=name, size=size, kind=kind).read()
    return SimpleUploadedFile(name, data, content_type=f"image/{kind.lower()}")


# The site's identity, as editors set it.


def test_editor_names_the_blog_and_every_page_and_feed_says_so(client):
    _user, editor = member("Editor")
    PostFactory(title="Ensimmäinen")
    response = editor.post(
        IDENTITY,
        identity_form(
            name="Asiakaspalvelun ääni",
            description="Kirjoituksia palvelusta.",
            footer_text="Teksti [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/).",
            accent_colour="#7A1F5C",
        ),
    )
    assert response.status_code == HTTPStatus.FOUND
    html = get(client, "/")
    assert "<title>Asiakaspalvelun ääni</title>" in html
    assert '<meta name="description" content="Kirjoituksia palvelusta.">' in html
    assert (
        'href="https://creativecommons.org/licenses/by/4.0/" rel="noopener">CC BY 4.0</a>' in html
    )
    dark = colours.readable_on_dark("#7a1f5c")
    assert f'style="--accent-light:#7a1f5c;--accent-dark:{dark}"' in html
    assert "<title>Asiakaspalvelun ääni</title>" in get(client, "/feeds/rss/")
    assert '"title": "Asiakaspalvelun ääni"' in get(client, "/feeds/json/")


def test_the_dark_shade_of_any_accent_reads_easily_on_the_dark_page():
    for accent in ["#0b5cad", "#7a1f5c", "#000000", "#3f7d20", "#b00020"]:
        dark = colours.readable_on_dark(accent)
        assert colours.contrast(dark, colours.DARK_PAGE) >= colours.DARK_CONTRAST, accent


def test_an_accent_too_light_to_read_is_refused_with_a_shade_that_reads(client):
    _user, editor = member("Editor")
    get(client, "/")
    response = editor.post(IDENTITY, identity_form(name="Uusi nimi", accent_colour="#ffcc00"))
    assert response.status_code == HTTPStatus.OK
    errors = " ".join(response.context["adminform"].form.errors["accent_colour"])
    suggestion = colours.readable_on_light("#ffcc00")
    assert "#ffcc00 on liian vaalea" in errors and suggestion in errors
    assert colours.contrast(suggestion, colours.LIGHT_PAGE) >= colours.TEXT_CONTRAST
    # What the editor typed comes back, and nothing was saved.
    assert 'value="Uusi nimi"' in response.content.decode()
    assert not SiteIdentity.objects.exists()
    # Readers see the name the site had, not the refused form's.
    assert "Uusi nimi" not in get(client, "/") and "Uusi nimi" not in get(client, "/tags/")


def test_a_colour_that_is_not_hexadecimal_is_refused():
    _user, editor = member("Editor")
    response = editor.post(IDENTITY, identity_form(accent_colour="red;}"))
    errors = " ".join(response.context["adminform"].form.errors["accent_colour"])
    assert "#0b5cad" in errors
    assert not SiteIdentity.objects.exists()


def test_the_identity_list_leads_to_the_one_identity_and_none_can_be_added_or_deleted():
    _user, editor = member("Editor")
    response = editor.get("/admin/core/siteidentity/")
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == IDENTITY
    assert editor.get("/admin/core/siteidentity/add/").status_code == HTTPStatus.FORBIDDEN
    editor.post(IDENTITY, identity_form())
    assert editor.get("/admin/core/siteidentity/1/delete/").status_code == HTTPStatus.FORBIDDEN
    assert SiteIdentity.objects.count() == 1


@pytest.mark.parametrize("role", ["Contributor", "Author"])
def test_only_editors_change_the_identity(role):
    _user, writer = member(role)
    assert writer.post(IDENTITY, identity_form(name="Kaapattu")).status_code == 403
    assert not SiteIdentity.objects.filter(name="Kaapattu").exists()


def test_the_logo_shows_in_the_header_at_its_height_without_moving_anything(client):
    _user, editor = member("Editor")
    editor.post(IDENTITY, identity_form(logo=upload("logo.png", size=(400, 100))))
    html = get(client, "/")
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert 'class="brand-logo"' in header
    assert 'width="160" height="40"' in header
    assert 'type="image/webp"' in header


# Pictures: sizes, WebP, no layout shift, lazy below the fold.


def test_a_featured_image_gets_webp_copies_beside_its_sizes(client):
    user, editor = member("Author")
    post = post_of(user, title="Kuvallinen")
    edit(editor, post, featured_image=upload(), featured_image_alt="Tiimi palaverissa")
    post.refresh_from_db()
    webp = post.featured_image_info["webp"]
    assert sorted(webp, key=int) == ["400", "800", "1600", "1800"]
    for width, name in webp.items():
        with default_storage.open(name) as file, Image.open(file) as image:
            assert image.format == "WEBP" and image.width == int(width)


def test_lists_and_posts_give_every_picture_its_size_and_modern_format(client):
    author = AuthorFactory(display_name="Saija Vuorinen")
    author.avatar = upload("saija.jpg", size=(600, 600))
    author.save()
    posts = []
    for number in range(3):
        post = PostFactory(title=f"Kuvapostaus {number}", authors=[author])
        post.featured_image = upload(f"kuva{number}.jpg")
        post.featured_image_alt = "Kuvaus"
        post.save()
        posts.append(post)
    home = get(client, "/")
    images = re.findall(r"<img [^>]*>", home)
    assert images and all('width="' in tag and 'height="' in tag for tag in images)
    assert home.count('<source type="image/webp"') == len(images)
    # The newest post is the large one at the top: loaded first, the others as they near.
    lead, *others = [tag for tag in images if "thumbnail" in tag]
    assert 'fetchpriority="high"' in lead and "loading" not in lead
    assert others and all('loading="lazy"' in tag for tag in others)
    assert home.count('class="avatar"') == 3
    page = get(client, posts[0].get_absolute_url())
    hero = re.search(r'<img class="u-featured featured-image"[^>]*>', page).group()
    assert 'fetchpriority="high"' in hero and 'alt="Kuvaus"' in hero


def test_a_writer_without_a_photo_has_her_initials(client):
    PostFactory(authors=[AuthorFactory(display_name="Marjaana Jokinen")])
    html = get(client, "/")
    initials = 'class="avatar avatar-28 avatar-initials" data-initials="MJ" aria-hidden="true"'
    assert f"<span {initials}></span>" in html


# Social previews.


def absolute(url):
    """As a page gives it: a path on this site made whole; a bucket's address as it is."""
    return url if url.startswith("http") else f"http://testserver{url}"


def og_image(html):
    return re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)


def test_a_post_without_a_picture_is_shared_with_a_card_drawn_on_save(client):
    post = PostFactory(title="Palaute on lahja", authors=[AuthorFactory(display_name="Riina")])
    post.refresh_from_db()
    url = og_image(get(client, post.get_absolute_url()))
    assert url == absolute(post.social_card.url)
    with default_storage.open(post.social_card.name) as file, Image.open(file) as card:
        assert card.size == (1200, 630) and card.format == "PNG"


def test_a_new_title_draws_a_new_card_and_the_old_file_goes():
    post = PostFactory(title="Vanha otsikko", authors=[AuthorFactory()])
    old = post.social_card.name
    post.title = "Uusi otsikko"
    post.save()
    assert post.social_card.name != old
    assert default_storage.exists(post.social_card.name) and not default_storage.exists(old)


def test_a_card_is_drawn_again_when_the_byline_or_the_site_name_changes():
    post = PostFactory(title="Yhteinen kirjoitus", authors=[AuthorFactory()])
    first = Post.objects.get(pk=post.pk).social_card.name
    post.set_authors([AuthorFactory(display_name="Toinen Kirjoittaja")])
    second = Post.objects.get(pk=post.pk).social_card.name
    assert second != first
    SiteIdentity(name="Uusi nimi").save()
    assert Post.objects.get(pk=post.pk).social_card_key == ""
    # The worker's check draws what is stale.
    assert Post.objects.draw_stale_social_cards() == 1
    assert Post.objects.get(pk=post.pk).social_card.name not in ("", second)


def test_a_post_saved_without_authors_gets_its_card_from_the_worker(client):
    post = PostFactory(title="Nimetön")
    assert not post.social_card
    assert Post.objects.draw_stale_social_cards() == 1
    post.refresh_from_db()
    assert og_image(get(client, post.get_absolute_url())).endswith(post.social_card.url)


def test_a_post_with_a_featured_image_is_shared_with_it(client):
    post = PostFactory(title="Kuvan kanssa")
    post.featured_image = upload()
    post.save()
    html = get(client, post.get_absolute_url())
    assert og_image(html) == absolute(post.featured_image.url)
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_the_front_page_is_shared_with_the_sites_social_image(client):
    _user, editor = member("Editor")
    editor.post(IDENTITY, identity_form(social_image=upload("some.jpg", size=(1200, 630))))
    identity = SiteIdentity.objects.get()
    assert og_image(get(client, "/")) == absolute(identity.social_image.url)


# Tags and authors.


def test_an_editor_describes_a_tag_and_its_page_shows_it(client):
    PostFactory(tags=["palaute"])
    tag = Tag.objects.get(name="palaute")
    _user, editor = member("Editor")
    response = editor.post(
        f"/admin/taggit/tag/{tag.pk}/change/",
        {
            "name": "palaute",
            "slug": "palaute",
            "description-TOTAL_FORMS": "1",
            "description-INITIAL_FORMS": "0",
            "description-0-description": "Miten **palaute** annetaan. <script>alert(1)</script>",
            "description-0-tag": str(tag.pk),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    html = get(client, "/tags/palaute/")
    assert '<div class="tag-description"><p>Miten <strong>palaute</strong> annetaan.' in html
    assert "<script>alert" not in html
    assert '<meta name="description" content="Miten palaute annetaan.' in html
    assert TagDescription.objects.get(tag=tag).summary.startswith("Miten palaute")


def test_author_cards_count_only_the_posts_readers_may_see(client):
    saija = AuthorFactory(display_name="Saija Vuorinen", bio="HR-kumppani ja *fasilitaattori*.")
    PostFactory(authors=[saija])
    PostFactory(authors=[saija])
    PostFactory(authors=[saija], status=Post.Status.DRAFT)
    html = get(client, "/authors/")
    card = html[html.index('class="h-card author-card card"') :]
    card = card[: card.index("</li>")]
    assert "2 kirjoitusta" in card and "HR-kumppani ja fasilitaattori." in card


def test_an_author_page_shows_her_cover_in_every_size(client):
    author = AuthorFactory(display_name="Riina Michelsson")
    author.cover_image = upload("kansi.jpg", size=(2000, 700))
    author.save()
    PostFactory(authors=[author])
    assert sorted(author.cover_image_info["sizes"], key=int) == ["800", "1600"]
    html = get(client, author.get_absolute_url())
    cover = re.search(r'<img class="cover-image"[^>]*>', html).group()
    assert 'width="2000" height="700"' in cover and "1600w" in cover


# The demo shows the theme with pictures.


def test_the_demo_comes_with_pictures_and_cards():
    from core.bootstrap import load_demo_content

    assert load_demo_content()
    posts = Post.objects.published()
    assert posts.exclude(featured_image="").count() >= posts.count() // 2
    assert not posts.filter(social_card="").exists()
    assert all(author.avatar for author in Author.objects.all())
    with default_storage.open(posts.exclude(featured_image="")[0].featured_image.name) as file:
        assert Image.open(io.BytesIO(file.read())).size == (1600, 900)
