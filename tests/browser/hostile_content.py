"""Every XSS payload in every field a user controls, stored as the forms would take it.

``seed()`` runs inside the browser suite's site (its Django shell); ``blogger_source()``
writes the payloads as a scraped Blogger text for the importer.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from importing.blogger import MONTHS, WEEKDAYS
from tests.pictures import picture
from tests.xss_payloads import ALL

FIRST_DAY = datetime.date(2013, 1, 1)
IMPORTED_FIRST_DAY = datetime.date(2011, 1, 1)


def as_typed(model, name, payload):
    """``payload`` as the admin or comment form would accept it into ``model.name``.

    A form refuses a NUL character, an over-long value or a non-web address; the writer
    then removes the NUL, shortens the text or types the address with the payload in its
    path, which is what is stored here.
    """
    field = model._meta.get_field(name).formfield()
    limit = getattr(field, "max_length", None)
    tries = [payload, payload.replace("\x00", "")]
    if name in {"website", "linkedin", "mastodon"}:
        tries.append("https://example.com/" + "".join(payload.replace("\x00", "").split()))
    for value in tries:
        try:
            return field.clean(value[:limit] if limit else value)
        except ValidationError:
            continue
    return ""


def one_line(payload):
    return " ".join(payload.replace("\x00", "").split())


def seed():
    from django.contrib.auth import get_user_model
    from taggit.utils import parse_tags

    from authors.models import Author
    from blog.models import Post
    from comments.models import Comment

    # One stored picture for every post: its renditions are made once, by the first save.
    image = default_storage.save("posts/hostile.png", picture("hostile.png", (800, 450), "PNG"))
    image_info = None
    for number, payload in enumerate(ALL):
        user = get_user_model().objects.create_user(f"hostile{number}", is_staff=True)
        author = Author(user=user)
        for name in [
            "display_name",
            "bio",
            "location",
            "website",
            "linkedin",
            "mastodon",
            "meta_description",
        ]:
            setattr(author, name, as_typed(Author, name, payload))
        author.display_name = author.display_name or f"Kirjoittaja {number}"
        author.save()

        post = Post(status=Post.Status.PUBLISHED, featured_image=image)
        for name in ["title", "body", "excerpt", "featured_image_alt"]:
            setattr(post, name, as_typed(Post, name, payload))
        post.title = post.title or f"Kirjoitus {number}"
        post.published_at = datetime.datetime.combine(
            FIRST_DAY + datetime.timedelta(days=number), datetime.time(12), datetime.UTC
        )
        if image_info:
            post.featured_image_info = image_info
        post.save()
        image_info = post.featured_image_info
        post.set_authors([author])
        post.tags.add(*(name[:100] for name in parse_tags(payload) if name[:100].strip()))

        fields = {name: as_typed(Comment, name, payload) for name in ["name", "website", "body"]}
        fields["name"] = fields["name"] or f"Lukija {number}"
        fields["body"] = fields["body"] or f"Kommentti {number}"
        comment = Comment.objects.create(
            post=post, email="lukija@example.com", status=Comment.Status.APPROVED, **fields
        )
        Comment.objects.create(
            post=post,
            parent=comment,
            email="vastaaja@example.com",
            status=Comment.Status.APPROVED,
            **fields,
        )


def blogger_source():
    """The payloads as a Blogger scrape: each one a post's title, text, author and label."""
    days = []
    for number, payload in enumerate(ALL):
        day = IMPORTED_FIRST_DAY + datetime.timedelta(days=number)
        line = one_line(payload)
        days.append(
            f"{WEEKDAYS[day.weekday()]} {day.day}. {MONTHS[day.month - 1]} {day.year}\n\n"
            f"Tuotu {number}: {line}\n\n"
            f"{payload.replace(chr(0), '')}\n\n"
            f"Lähettänyt {line[:80]} klo 12.00\n"
            f"Tunnisteet: {line.replace(',', ' ')[:80]}\n"
        )
    return "\n".join(days)


def _cdata(text):
    # "]]>" in a payload ends one CDATA section and starts the next, as WordPress does.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wordpress_export():
    """The payloads as a WordPress export: each one a post's title, HTML, excerpt,
    category, tag and author, and a comment's and a reply's name, website and text."""
    from xml.sax.saxutils import quoteattr

    authors, items = [], []
    for number, payload in enumerate(ALL):
        text = payload.replace("\x00", "\x01")
        line = one_line(payload)
        authors.append(
            f"<wp:author><wp:author_login>{_cdata(f'viety{number}')}</wp:author_login>"
            f"<wp:author_email>viety{number}@example.com</wp:author_email>"
            f"<wp:author_display_name>{_cdata(line[:80])}</wp:author_display_name></wp:author>"
        )
        comments = "".join(
            f"<wp:comment><wp:comment_id>{2 * number + reply + 1}</wp:comment_id>"
            f"<wp:comment_author>{_cdata(line[:80])}</wp:comment_author>"
            f"<wp:comment_author_url>{_cdata(text)}</wp:comment_author_url>"
            f"<wp:comment_date_gmt>2010-06-0{reply + 2} 10:00:00</wp:comment_date_gmt>"
            f"<wp:comment_content>{_cdata(text)}</wp:comment_content>"
            "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment"
            f"</wp:comment_type><wp:comment_parent>{2 * number + 1 if reply else 0}"
            "</wp:comment_parent></wp:comment>"
            for reply in (0, 1)
        )
        name = line.replace(",", " ")[:80] or "tyhjä"
        items.append(
            f"<item><title>{_cdata(f'Viety {number}: {line}')}</title>"
            f"<link>https://vanha.example/2010/06/01/viety-{number}/</link>"
            f"<dc:creator>{_cdata(f'viety{number}')}</dc:creator>"
            f'<guid isPermaLink="false">https://vanha.example/?p={number + 1}</guid>'
            f"<content:encoded>{_cdata(text + '<p><img src=x alt=' + quoteattr(text) + '>')}"
            f"</content:encoded><excerpt:encoded>{_cdata(text)}</excerpt:encoded>"
            f"<wp:post_id>{number + 1}</wp:post_id>"
            "<wp:post_date_gmt>2010-06-01 10:00:00</wp:post_date_gmt>"
            f"<wp:post_name>viety-{number}</wp:post_name><wp:status>publish</wp:status>"
            "<wp:post_type>post</wp:post_type>"
            f'<category domain="category" nicename={quoteattr(f"kategoria-{number}")}>'
            f"{_cdata(name)}</category>"
            f'<category domain="post_tag" nicename={quoteattr(f"avainsana-{number}")}>'
            f"{_cdata('#' + name)}</category>{comments}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Vanha</title>'
        "<link>https://vanha.example</link><wp:wxr_version>1.2</wp:wxr_version>\n"
        + "\n".join(authors + items)
        + "\n</channel></rss>\n"
    )
