"""Reading Blogger exports (Atom): kinds, drafts, threads, and the repairs real files need."""

import datetime

import pytest

from importing.blogger_atom import BloggerFeed
from importing.records import ImportFormatError

BLOG = "tag:blogger.com,1999:blog-123"
KIND = "http://schemas.google.com/blogger/2008/kind#"


def entry(kind, number, title="", content="", extra=""):
    return f"""<entry>
  <id>{BLOG}.{kind}-{number}</id>
  <published>2015-10-29T12:35:00.001+02:00</published>
  <updated>2015-10-30T09:00:00.000+02:00</updated>
  <category scheme="http://schemas.google.com/g/2005#kind" term="{KIND}{kind}"/>
  <title type="text">{title}</title>
  <content type="html">{content}</content>
  <author><name>Saija</name><email>noreply@blogger.com</email></author>
  {extra}
</entry>"""


POST = entry(
    "post",
    1,
    "Can do -tyyppi",
    "&lt;p&gt;Kokeileminen&lt;br /&gt;on taidetta.&lt;/p&gt;",
    '<link rel="alternate" type="text/html" href="https://blogi.example/2015/10/can-do.html"/>'
    '<category scheme="http://www.blogger.com/atom/ns#" term="työelämä"/>',
)
DRAFT = entry("post", 2, "Luonnos", "Kesken.",
              "<app:control><app:draft>yes</app:draft></app:control>")  # fmt: skip
COMMENT = entry(
    "comment",
    3,
    "Hieno",
    "Hieno kirjoitus!",
    f'<thr:in-reply-to ref="{BLOG}.post-1" href="https://blogi.example/2015/10/can-do.html"/>',
)
OTHER_KINDS = entry("page", 4, "Tietoa") + entry("settings", 5) + entry("template", 6)


def feed(*entries):
    # As Blogger writes it: app: is used by drafts but never declared.
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:gd='http://schemas.google.com/g/2005'
      xmlns:thr='http://purl.org/syndication/thread/1.0'>
<id>{BLOG}</id><title type='text'>Blogi</title>
{"".join(entries)}
</feed>"""


def read(tmp_path, text):
    path = tmp_path / "blog.xml"
    path.write_text(text)
    reader = BloggerFeed(path)
    return reader, list(reader.entries())


def test_every_kind_is_read_and_told_apart(tmp_path):
    _reader, entries = read(tmp_path, feed(POST, DRAFT, COMMENT, OTHER_KINDS))
    assert [e.kind for e in entries] == ["post", "post", "comment", "page", "settings", "template"]


def test_a_post_keeps_its_date_address_labels_and_html(tmp_path):
    _reader, [post] = read(tmp_path, feed(POST))
    assert post.title == "Can do -tyyppi"
    assert post.content == "<p>Kokeileminen<br />on taidetta.</p>"
    assert post.published == datetime.datetime(
        2015, 10, 29, 12, 35, 0, 1000, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    )
    assert post.url == "https://blogi.example/2015/10/can-do.html"
    assert post.labels == ["työelämä"]
    assert (post.author_name, post.author_email) == ("Saija", "")
    assert not post.draft


def test_an_undeclared_app_prefix_is_repaired_and_said(tmp_path):
    reader, [draft] = read(tmp_path, feed(DRAFT))
    assert draft.draft
    assert reader.repairs == [
        "The prefix app: is used without being declared; read as http://www.w3.org/2007/app."
    ]


def test_no_repair_is_claimed_when_nothing_needed_one(tmp_path):
    reader, _entries = read(tmp_path, feed(POST))
    assert reader.repairs == []


def test_a_comment_names_the_post_it_answers(tmp_path):
    _reader, [comment] = read(tmp_path, feed(COMMENT))
    assert comment.in_reply_to == f"{BLOG}.post-1"


def test_a_file_with_a_dtd_is_refused(tmp_path):
    hostile = feed(POST).replace(
        "<feed", '<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<feed', 1
    )
    with pytest.raises(ImportFormatError, match="declares a DTD"):
        read(tmp_path, hostile)


def test_a_truncated_export_names_the_place(tmp_path):
    text = feed(POST, COMMENT)
    with pytest.raises(ImportFormatError, match=r"blog\.xml:\d+:\d+: not a whole"):
        read(tmp_path, text[: len(text) // 2])


def test_a_wordpress_export_is_not_a_blogger_one(tmp_path):
    rss = '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel/></rss>'
    with pytest.raises(ImportFormatError, match="not a Blogger export"):
        read(tmp_path, rss)
