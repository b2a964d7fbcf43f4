"""Writers in Chromium: an author writes, schedules and publishes a post with a featured
image; a contributor's draft is published by an editor."""

import datetime
import re
import time
from zoneinfo import ZoneInfo

import feedparser
from playwright.sync_api import expect

from tests.browsing import choose_picture

HELSINKI = ZoneInfo("Europe/Helsinki")
# Long enough to see the post hidden from readers, short enough to wait for.
SCHEDULE_AHEAD = datetime.timedelta(seconds=20)

BODY = """Palautteen pyytäminen on taito, jota voi harjoitella.

## Kolme tapaa

1. Kysy **yksi** asia kerrallaan.
2. Kiitä ja *kerro*, mitä palautteelle teit.
3. Pyydä palautetta [säännöllisesti](https://example.com/palaute).

> Palaute on lahja, vaikka paketti olisi ruttuinen.

Lisää aiheesta: `palaute` ja

- keskustelu
- kysely
"""


def write_markdown(page, text):
    page.click(".CodeMirror")
    page.keyboard.insert_text(text)


def new_post(page, title, body):
    page.goto("/admin/blog/post/add/")
    page.fill("#id_title", title)
    write_markdown(page, body)
    # The slug is filled from the title as she types, as WordPress does.
    expect(page.locator("#id_slug")).not_to_have_value("")
    return page.locator("#id_slug").input_value()


def anonymous_status(page, path):
    return page.request.get(path).status


def test_author_writes_schedules_and_publishes_a_post_with_a_featured_image(browse, reader, site):
    author = browse("kirjoittaja")
    title = "Palaute on lahja – kolme tapaa pyytää sitä"
    slug = new_post(author, title, BODY)
    assert slug == "palaute-on-lahja-kolme-tapaa-pyytaa-sita"

    author.click(".editor-toolbar button.preview")
    preview = author.locator(".editor-preview-full")
    expect(preview.locator("h2")).to_have_text("Kolme tapaa")
    expect(preview.locator("ol li")).to_have_count(3)
    previewed = preview.inner_html()

    author.fill("#id_excerpt", "Kolme tapaa pyytää palautetta niin, että sitä myös saa.")
    author.fill("#id_tags", "palaute, työelämä")
    choose_picture(author, "#id_featured_image", "palaute.png", (1200, 630))
    author.fill("#id_featured_image_alt", "Sininen lahjapaketti pöydällä")
    author.select_option("#id_status", "published")
    goes_out = (datetime.datetime.now(HELSINKI) + SCHEDULE_AHEAD).replace(microsecond=0)
    author.fill("#id_published_at_0", goes_out.strftime("%d.%m.%Y"))
    author.fill("#id_published_at_1", goes_out.strftime("%H.%M.%S"))
    author.click("input[name=_continue]")
    expect(author.locator(".messagelist .success")).to_be_visible()
    expect(author.locator(".errornote")).to_have_count(0)

    # Scheduled: she sees it marked so and can preview it; readers cannot see it yet.
    author.goto("/admin/blog/post/")
    row = author.locator("#result_list tr", has_text=title)
    expect(row.locator(".post-scheduled")).to_have_text("Ajastettu")
    post_url = f"/posts/{slug}/"
    author.goto(post_url)
    expect(author.locator(".draft-banner")).to_contain_text("Ajastettu")
    assert anonymous_status(reader, post_url) == 404
    reader.goto("/")
    expect(reader.locator("main")).not_to_contain_text(title)

    time.sleep(max(0.0, (goes_out - datetime.datetime.now(HELSINKI)).total_seconds()) + 1.5)

    # Published by the clock alone: no save, no cron job.
    reader.goto("/")
    reader.locator(".post-summary h2 a", has_text=title).click()
    expect(reader).to_have_url(re.compile(f"{post_url}$"))
    expect(reader.locator("h1")).to_have_text(title)
    assert reader.locator("article .e-content").inner_html() == previewed
    image = reader.locator("article img.featured-image")
    expect(image).to_have_attribute("alt", "Sininen lahjapaketti pöydällä")
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    expect(reader.locator("article.post .tags")).to_contain_text("palaute")

    reader.locator("article .p-author", has_text="Kaisa Kirjoittaja").first.click()
    expect(reader.locator("h1.p-name")).to_have_text("Kaisa Kirjoittaja")
    expect(reader.locator(".post-summary h2").first).to_have_text(title)

    feed = feedparser.parse(reader.request.get("/feeds/atom/").body())
    entry = next(entry for entry in feed.entries if entry.title == title)
    assert entry.author == "Kaisa Kirjoittaja"
    assert "Kolme tapaa" in entry.content[0].value


def test_author_cannot_open_another_authors_post(browse, site):
    author = browse("kirjoittaja")
    title = "Esimies muiden silmin"
    pk = site.python(f"from blog.models import Post; print(Post.objects.get(title={title!r}).pk)")
    author.goto("/admin/blog/post/")
    expect(author.locator("#content")).not_to_contain_text(title)
    author.goto(f"/admin/blog/post/{pk}/change/")
    expect(author).to_have_url(re.compile("/admin/$"))
    expect(author.locator(".messagelist .warning")).to_be_visible()
    expect(author.locator("#post_form")).to_have_count(0)
    author.goto(f"/admin/blog/post/{pk}/history/")
    expect(author.locator("#post_form")).to_have_count(0)
    expect(author.locator("body")).not_to_contain_text(title)


def test_contributors_draft_is_published_by_an_editor(browse, editor, reader):
    contributor = browse("avustaja")
    title = "Ensimmäinen viikkoni asiakaspalvelussa"
    slug = new_post(contributor, title, "Opin, että *kuunteleminen* on puolet työstä.")
    # She writes drafts only: no status to choose, no publish action.
    expect(contributor.locator("#id_status")).to_have_count(0)
    expect(contributor.locator(".field-status .readonly")).to_have_text("Luonnos")
    contributor.click("input[name=_save]")
    expect(contributor.locator(".messagelist .success")).to_be_visible()
    expect(contributor.locator("select[name=action] option[value=publish]")).to_have_count(0)
    assert anonymous_status(reader, f"/posts/{slug}/") == 404

    editor.goto("/admin/blog/post/?status__exact=draft")
    row = editor.locator("#result_list tr", has_text=title)
    expect(row).to_contain_text("Aino Avustaja")
    row.locator("input[name=_selected_action]").check()
    editor.select_option("select[name=action]", "publish")
    editor.click("button[name=index]")
    expect(editor.locator(".messagelist")).to_contain_text("1 kirjoitus julkaistu")

    reader.goto("/")
    reader.locator(".post-summary h2 a", has_text=title).click()
    expect(reader.locator("article .p-author").first).to_have_text("Aino Avustaja")

    # Published, it has left her hands: she may read it in the admin but not change it.
    contributor.goto("/admin/blog/post/")
    contributor.locator("#result_list a", has_text=title).click()
    expect(contributor.locator("input[name=_save]")).to_have_count(0)
    expect(contributor.locator("#id_title")).to_have_count(0)
