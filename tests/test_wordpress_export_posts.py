"""A WordPress export's items as the importer's post records."""

import datetime
import zoneinfo
from collections import Counter

from importing.records import LeftOut
from importing.wordpress_export import posts
from importing.wxr import WxrFile
from tests.import_notes import english
from tests.test_wxr_reading import AUTHOR, POST, export

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def records(tmp_path, items):
    path = tmp_path / "export.xml"
    path.write_text(export(items=items, authors=AUTHOR))
    skipped = LeftOut()
    return list(posts(WxrFile(path), HELSINKI, skipped, {})), skipped


def with_fields(changes):
    item = POST
    for old, new in changes.items():
        item = item.replace(old, new)
    return item


def cdata(name, value):
    return f"<{name}><![CDATA[{value}]]>"


def test_a_post_becomes_a_record_with_what_the_export_knows(tmp_path):
    [post], skipped = records(tmp_path, POST)
    assert post.key == "wxr:https://tiimiblogi.example/?p=42"
    assert post.title == "Esimies muiden silmin" and post.slug == "esimies-muiden-silmin"
    assert post.author_name == "Saija Vuorinen"
    assert post.published_at == datetime.datetime(2015, 10, 29, 10, tzinfo=datetime.UTC)
    assert post.status == "published"
    assert post.tags == ["Esimiestyö", "palaute"]
    assert post.excerpt == "Lyhyesti."
    assert post.old_urls == [
        "https://tiimiblogi.example/2015/10/29/esimies-muiden-silmin/",
        "https://tiimiblogi.example/?p=42",
    ]
    assert "Sticky" in english(post.notes)
    assert skipped.counts == Counter()


def test_pages_attachments_and_trash_are_counted_not_imported(tmp_path):
    post_type = cdata("wp:post_type", "post")
    page = with_fields({post_type: cdata("wp:post_type", "page")})
    image = with_fields({post_type: cdata("wp:post_type", "attachment")})
    trash = with_fields({cdata("wp:status", "publish"): cdata("wp:status", "trash")})
    found, skipped = records(tmp_path, page + image + trash)
    assert found == []
    assert skipped.counts == Counter({"page": 1, "attachment": 1, "post (trash)": 1})
    # Named by title for the report, but for attachments (their files say more).
    assert skipped.titles == {
        "page": ["Esimies muiden silmin"],
        "attachment": [],
        "post (trash)": ["Esimies muiden silmin"],
    }


def test_the_text_before_more_is_the_excerpt_when_there_is_none(tmp_path):
    item = with_fields({
        cdata("excerpt:encoded", "Lyhyesti."): cdata("excerpt:encoded", ""),
        "<p>Ensimmäinen kappale.</p>]]]]><![CDATA[>": "Alku.\n\n<!--more-->\n\nLoppu.",
    })  # fmt: skip
    [post], _skipped = records(tmp_path, item)
    assert post.excerpt == "Alku."
    assert post.body == "Alku.\n\nLoppu.\n"


def test_a_draft_stays_a_draft_with_its_local_date(tmp_path):
    item = with_fields({
        cdata("wp:status", "publish"): cdata("wp:status", "draft"),
        "2015-10-29 10:00:00": "0000-00-00 00:00:00",
    })  # fmt: skip
    [post], _skipped = records(tmp_path, item)
    assert post.status == "draft"
    assert post.published_at == datetime.datetime(2015, 10, 29, 12, tzinfo=HELSINKI)
