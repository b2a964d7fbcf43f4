"""Reading WordPress exports (WXR): every version and namespace, repairs, hostile files."""

import datetime
import zoneinfo

import pytest

from importing.records import ImportFormatError
from importing.wxr import WxrFile, WxrItem, post_status, publication_time
from tests.import_notes import english


def export(version="1.2", scheme="http", items="", authors=""):
    """A small WXR file as WordPress writes it."""
    wp = f"{scheme}://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress/6.9" created="2026-11-30 10:00" -->
<rss version="2.0"
    xmlns:excerpt="{wp}excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="{wp}">
<channel>
  <title>Tiimiblogi</title>
  <link>https://tiimiblogi.example</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  {authors}
  {items}
</channel>
</rss>
"""


AUTHOR = """<wp:author><wp:author_id>2</wp:author_id>
<wp:author_login><![CDATA[saija]]></wp:author_login>
<wp:author_email><![CDATA[saija@tiimiblogi.example]]></wp:author_email>
<wp:author_display_name><![CDATA[Saija Vuorinen]]></wp:author_display_name></wp:author>"""

POST = """<item>
  <title><![CDATA[Esimies muiden silmin]]></title>
  <link>https://tiimiblogi.example/2015/10/29/esimies-muiden-silmin/</link>
  <dc:creator><![CDATA[saija]]></dc:creator>
  <guid isPermaLink="false">https://tiimiblogi.example/?p=42</guid>
  <content:encoded><![CDATA[<p>Ensimmäinen kappale.</p>]]]]><![CDATA[>]]></content:encoded>
  <excerpt:encoded><![CDATA[Lyhyesti.]]></excerpt:encoded>
  <wp:post_id>42</wp:post_id>
  <wp:post_date><![CDATA[2015-10-29 12:00:00]]></wp:post_date>
  <wp:post_date_gmt><![CDATA[2015-10-29 10:00:00]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[esimies-muiden-silmin]]></wp:post_name>
  <wp:status><![CDATA[publish]]></wp:status>
  <wp:post_type><![CDATA[post]]></wp:post_type>
  <wp:is_sticky>1</wp:is_sticky>
  <category domain="category" nicename="esimiestyo"><![CDATA[Esimiestyö]]></category>
  <category domain="post_tag" nicename="palaute"><![CDATA[palaute]]></category>
  <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[77]]></wp:meta_value></wp:postmeta>
  <wp:comment>
    <wp:comment_id>5</wp:comment_id>
    <wp:comment_author><![CDATA[Maija]]></wp:comment_author>
    <wp:comment_author_email><![CDATA[maija@example.com]]></wp:comment_author_email>
    <wp:comment_author_url>https://maija.example</wp:comment_author_url>
    <wp:comment_author_IP><![CDATA[192.0.2.5]]></wp:comment_author_IP>
    <wp:comment_date><![CDATA[2015-10-30 08:00:00]]></wp:comment_date>
    <wp:comment_date_gmt><![CDATA[2015-10-30 06:00:00]]></wp:comment_date_gmt>
    <wp:comment_content><![CDATA[Hyvä kirjoitus!]]></wp:comment_content>
    <wp:comment_approved><![CDATA[1]]></wp:comment_approved>
    <wp:comment_type><![CDATA[comment]]></wp:comment_type>
    <wp:comment_parent>0</wp:comment_parent>
  </wp:comment>
</item>"""


def read(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    wxr = WxrFile(path)
    return wxr, list(wxr.items())


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_every_version_and_namespace_is_read(tmp_path, version, scheme):
    wxr, items = read(tmp_path, export(version, scheme, POST, AUTHOR))
    assert wxr.version == version
    [item] = items
    assert item.title == "Esimies muiden silmin"
    assert item.post_id == "42" and item.post_type == "post" and item.status == "publish"
    assert (item.post_date, item.post_date_gmt) == ("2015-10-29 12:00:00", "2015-10-29 10:00:00")
    assert item.post_name == "esimies-muiden-silmin" and item.is_sticky
    assert item.link.endswith("/2015/10/29/esimies-muiden-silmin/")
    assert item.excerpt == "Lyhyesti."
    assert item.categories == [
        ("category", "esimiestyo", "Esimiestyö"),
        ("post_tag", "palaute", "palaute"),
    ]
    assert item.meta == {"_thumbnail_id": "77"}
    [comment] = item.comments
    assert (comment.author, comment.approved, comment.parent) == ("Maija", "1", "0")
    assert comment.content == "Hyvä kirjoitus!"
    assert [(a.login, a.email, a.display_name) for a in wxr.authors] == [
        ("saija", "saija@tiimiblogi.example", "Saija Vuorinen")
    ]


def test_cdata_split_in_two_is_joined(tmp_path):
    _wxr, [item] = read(tmp_path, export(items=POST))
    # WordPress writes "]]>" inside content as "]]]]><![CDATA[>".
    assert item.content == "<p>Ensimmäinen kappale.</p>]]>"


def test_stray_control_characters_are_left_out_and_reported(tmp_path):
    text = export(items=POST.replace("Ensimmäinen kappale.", "Ensimmäinen\x0b kappale\x01."))
    wxr, [item] = read(tmp_path, text)
    assert "<p>Ensimmäinen kappale.</p>" in item.content
    assert wxr.repairs == ["2 control character(s) XML does not allow were left out."]


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&c;</title></item></channel></rss>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&secret;</title></item></channel></rss>
"""


@pytest.mark.parametrize("hostile", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_a_file_with_a_dtd_is_refused_in_one_line(tmp_path, hostile):
    with pytest.raises(ImportFormatError, match="declares a DTD") as refused:
        read(tmp_path, hostile)
    assert "\n" not in str(refused.value)


def test_a_truncated_file_names_the_line_and_column(tmp_path):
    text = export(items=POST)
    cut = text[: text.index("<wp:comment>")]
    with pytest.raises(ImportFormatError, match=r"export\.xml:\d+:\d+: not a whole") as refused:
        read(tmp_path, cut)
    assert "Export the blog again" in str(refused.value)


def test_xml_that_is_not_an_export_is_refused(tmp_path):
    atom = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
    with pytest.raises(ImportFormatError, match="not a WordPress export"):
        read(tmp_path, atom)


def test_many_items_are_read_in_order(tmp_path):
    many = "".join(POST.replace("<wp:post_id>42", f"<wp:post_id>{n}") for n in range(300))
    _wxr, items = read(tmp_path, export(items=many))
    assert [item.post_id for item in items] == [str(n) for n in range(300)]
    assert all(len(item.comments) == 1 for item in items)


HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def item_with(**fields):
    return WxrItem(line=1, **fields)


def test_the_gmt_date_comes_first():
    item = item_with(post_date="2015-10-29 12:00:00", post_date_gmt="2015-10-29 10:00:00")
    when, notes = publication_time(item, HELSINKI)
    assert when == datetime.datetime(2015, 10, 29, 10, tzinfo=datetime.UTC) and notes == []


def test_a_draft_without_a_gmt_date_is_read_in_the_sites_zone():
    item = item_with(post_date="2015-10-29 12:00:00", post_date_gmt="0000-00-00 00:00:00")
    when, notes = publication_time(item, HELSINKI)
    assert when == datetime.datetime(2015, 10, 29, 12, tzinfo=HELSINKI)
    assert "local date" in english(notes)


def test_no_date_at_all_is_said():
    when, notes = publication_time(item_with(post_date_gmt="0000-00-00 00:00:00"), HELSINKI)
    assert when is None and "no date" in english(notes)


@pytest.mark.parametrize(
    ("wordpress", "ours"),
    [("publish", "published"), ("future", "published"), ("draft", "draft"),
     ("pending", "draft"), ("private", "draft"), ("trash", None), ("inherit", None)],
)  # fmt: skip
def test_each_status_has_its_place(wordpress, ours):
    assert post_status(item_with(status=wordpress))[0] == ours


def test_private_and_sticky_are_noted():
    _status, notes = post_status(item_with(status="private", is_sticky=True))
    assert "Private" in english(notes) and "Sticky" in english(notes)
