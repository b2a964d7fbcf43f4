"""import_posts --media: an old blog's pictures come from a copy of its media folder,
through the image pipeline; what is not there is listed, never hot-linked."""

import pytest
from django.core.management import CommandError

from blog.models import Post, PostImage
from tests.import_notes import english
from tests.pictures import SECRET, phone_photo, picture
from tests.test_import_posts import import_posts
from tests.test_wordpress_export_posts import cdata, with_fields
from tests.test_wxr_reading import AUTHOR, export

pytestmark = pytest.mark.django_db

OLD = "https://tiimiblogi.files.wordpress.com/2015/10"
UPLOADS = "https://tiimiblogi.example/wp-content/uploads/2015/10"
CONTENT = (
    f'<a href="{OLD}/kuva.jpg"><img src="{OLD}/kuva-300x200.jpg" alt="Tiimi" /></a>\n\n'
    f'[caption id="x" width="300"]<img src="{UPLOADS}/puuttuu.jpg" alt="Poissa" /> Kadonnut'
    "[/caption]\n\nTekstiä."
)
ILLUSTRATED = with_fields({
    "<p>Ensimmäinen kappale.</p>]]]]><![CDATA[>": CONTENT,
})  # fmt: skip
ATTACHMENT = f"""<item>
  <title><![CDATA[Kansikuva]]></title>
  <guid isPermaLink="false">https://tiimiblogi.example/?attachment_id=77</guid>
  <wp:post_id>77</wp:post_id>
  <wp:post_type><![CDATA[attachment]]></wp:post_type>
  <wp:status><![CDATA[inherit]]></wp:status>
  <wp:attachment_url><![CDATA[{UPLOADS}/kansi.jpg]]></wp:attachment_url>
  <wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key>
  <wp:meta_value><![CDATA[Tiimi kahvilla]]></wp:meta_value></wp:postmeta>
</item>"""


@pytest.fixture
def wxr(tmp_path):
    path = tmp_path / "export.xml"
    # The attachment comes after its post, as WordPress lists items by id.
    path.write_text(export(items=ILLUSTRATED + ATTACHMENT, authors=AUTHOR))
    return path


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads"
    (folder / "2015" / "10").mkdir(parents=True)
    (folder / "2015" / "10" / "kuva.jpg").write_bytes(picture(size=(1600, 1000)).read())
    (folder / "2015" / "10" / "kansi.jpg").write_bytes(phone_photo(size=(1200, 800)).read())
    return folder


def test_pictures_found_in_the_folder_are_brought_in_and_the_post_points_at_them(wxr, uploads):
    output = import_posts(wxr, media=uploads)
    # The post's picture, its featured image, and the attachment in the image library.
    assert "Pictures brought in: 3." in output
    post = Post.objects.get()
    library = PostImage.objects.get(import_key="media:2015/10/kuva.jpg")
    # The thumbnail and the full-size picture it opened are both the one picture here.
    assert post.body.count(library.image.url) == 2
    assert "wordpress.com" not in post.body and "wordpress.com" not in post.body_html
    assert f'src="{library.image.url}"' in post.body_html and "srcset=" in post.body_html


def test_a_picture_not_in_the_folder_leaves_the_post_for_its_notes(wxr, uploads):
    output = import_posts(wxr, media=uploads)
    post = Post.objects.get()
    assert "puuttuu.jpg" not in post.body and "tiimiblogi.example" not in post.body_html
    assert f"Picture left out (not in the media folder): {UPLOADS}/puuttuu.jpg" in (
        english(post.import_notes)
    )
    assert "Images lost: 1." in output


def test_the_featured_image_comes_from_its_attachment_cleaned(wxr, uploads):
    import_posts(wxr, media=uploads)
    post = Post.objects.get()
    assert post.featured_image.name.startswith("posts/") and post.featured_image_alt == (
        "Tiimi kahvilla"
    )
    assert post.featured_image_info["sizes"]
    stored = post.featured_image.read()
    assert SECRET.encode() not in stored and b"GPS" not in stored


def test_without_a_media_folder_no_picture_is_hot_linked(wxr):
    output = import_posts(wxr)
    post = Post.objects.get()
    assert "<img" not in post.body_html and not post.featured_image
    assert "Images lost: 3." in output
    assert "no --media folder given" in english(post.import_notes)


def test_three_runs_bring_each_picture_in_once(wxr, uploads):
    for _run in range(3):
        output = import_posts(wxr, media=uploads)
    assert "0 created, 0 updated, 1 unchanged" in output
    assert PostImage.objects.count() == 2


def test_a_file_that_is_not_a_picture_is_refused_and_named(wxr, uploads):
    (uploads / "2015" / "10" / "kuva.jpg").write_text("<script>alert(1)</script>")
    import_posts(wxr, media=uploads)
    post = Post.objects.get()
    assert not PostImage.objects.filter(import_key__endswith="kuva.jpg").exists()
    assert "<img" not in post.body_html
    notes = english(post.import_notes)
    assert "Picture left out (" in notes and "kuva-300x200.jpg" in notes


def test_a_missing_media_folder_is_refused_before_anything_is_written(wxr, tmp_path):
    with pytest.raises(CommandError, match="--media .*no such folder.*Nothing was imported"):
        import_posts(wxr, media=tmp_path / "ei-ole")
    assert not Post.objects.exists()


def test_a_dry_run_stores_no_picture(wxr, uploads, settings):
    output = import_posts(wxr, media=uploads, dry_run=True)
    assert "Images lost: 1." in output
    assert not PostImage.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.jpg"))


def test_an_undone_import_removes_the_pictures_it_stored(
    wxr, uploads, settings, refuse_after_a_batch
):
    refuse_after_a_batch()
    with pytest.raises(CommandError, match="was undone"):
        import_posts(wxr, media=uploads)
    assert not PostImage.objects.exists() and not Post.objects.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*.jpg"))


def test_a_blogger_picture_is_found_by_its_name(tmp_path, uploads):
    from tests.test_blogger_atom_reading import entry, feed

    blogger = "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEi/s320/kuva.jpg"
    post = entry(
        "post",
        1,
        "Kuvallinen",
        f'&lt;img src="{blogger}" alt="Tiimi"/&gt;',
        '<link rel="alternate" type="text/html" href="https://blogi.example/2015/10/kuva.html"/>',
    )
    path = tmp_path / "blog.xml"
    path.write_text(feed(post))
    import_posts(path, media=uploads)
    assert PostImage.objects.get().image.url in Post.objects.get().body


def test_a_drafts_pictures_are_brought_in_too(wxr, uploads):
    draft = ILLUSTRATED.replace(cdata("wp:status", "publish"), cdata("wp:status", "draft"))
    wxr.write_text(export(items=draft + ATTACHMENT, authors=AUTHOR))
    import_posts(wxr, media=uploads)
    post = Post.objects.get()
    assert post.status == Post.Status.DRAFT and PostImage.objects.count() == 2


def test_attachments_go_into_the_image_library_and_the_rest_are_named(wxr, uploads):
    others = ATTACHMENT.replace("77", "78").replace("kansi.jpg", "puuttuva.png")
    others += ATTACHMENT.replace("77", "79").replace("kansi.jpg", "ohje.pdf")
    wxr.write_text(export(items=ILLUSTRATED + ATTACHMENT + others, authors=AUTHOR))
    output = import_posts(wxr, media=uploads)
    assert (
        "Attachments: 3: 1 picture(s) in the image library, 1 not brought in, 1 not a picture."
    ) in output
    assert f"Not brought in: {UPLOADS}/puuttuva.png (not in the media folder)" in output
    assert PostImage.objects.filter(import_key="media:2015/10/kansi.jpg").exists()


def test_without_a_media_folder_attachments_are_counted_and_how_to_bring_them_said(wxr):
    assert "Attachments: 1, not brought in: give --media DIR" in import_posts(wxr)
