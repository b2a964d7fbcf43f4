"""A writer's unsaved text survives a closed tab, and another writer's save meanwhile."""

from playwright.sync_api import expect

from tests.browser.test_author_journey import new_post, write_markdown
from tests.browser.test_page_checks import serious_violations

# The editor keeps the text half a second after the last key.
STORED = 800


def editor_text(page):
    return page.evaluate("document.querySelector('textarea#id_body').easyMDE.value()")


def reopen(page, path):
    """The same browser after the tab was closed without saving (or crashed)."""
    page.close()
    again = page.context.new_page()
    again.goto(path)
    return again


def test_unsaved_text_comes_back_after_the_tab_closes(browse):
    author = browse("kirjoittaja")
    new_post(author, "Keskeneräinen", "Tämä teksti ei saa kadota.")
    author.wait_for_timeout(STORED)

    # Leaving a page with unsaved text asks first.
    asked = []
    author.on("dialog", lambda dialog: asked.append(dialog.type))
    author.close(run_before_unload=True)
    author.wait_for_timeout(300)
    assert asked == ["beforeunload"]

    again = reopen(author, "/admin/blog/post/add/")
    notice = again.locator(".draft-notice")
    expect(notice).to_contain_text("Palautettiin")
    assert editor_text(again) == "Tämä teksti ei saa kadota."

    notice.locator("button.draft-discard").click()
    assert editor_text(again) == ""
    again.reload()
    expect(again.locator(".draft-notice")).to_have_count(0)


def test_unsaved_text_written_before_another_save_is_offered_and_compared(browse, site):
    # The Content-Security-Policy is bypassed so that axe-core can be run on the pages.
    author = browse("kirjoittaja", bypass_csp=True, color_scheme="dark")
    new_post(author, "Kahden kirjoittajan juttu", "Ensimmäinen versio.")
    author.click("input[name=_continue]")
    expect(author.locator(".messagelist .success")).to_be_visible()
    path = author.url.split(site.url, 1)[-1]

    author.click(".CodeMirror")
    author.keyboard.press("Control+End")
    write_markdown(author, "\n\nKirjoittajan lisäys, tallentamatta.")
    author.wait_for_timeout(STORED)
    slug = author.locator("#id_slug").input_value()
    author.close()

    site.python(
        "from blog.models import Post\n"
        f"post = Post.objects.get(slug={slug!r})\n"
        "post.body = 'Toimittajan korjaama versio.'\n"
        "post.save()\n"
    )
    again = author.context.new_page()
    again.goto(path)
    notice = again.locator(".draft-notice")
    expect(notice).to_contain_text("tallennettiin uudelleen")
    assert not serious_violations(again)
    # Not forced over the newer text: she chooses.
    assert editor_text(again) == "Toimittajan korjaama versio."
    notice.locator("button.draft-restore").click()
    assert "Kirjoittajan lisäys, tallentamatta." in editor_text(again)

    again.click("input[name=_continue]")
    expect(again.locator(".edit-conflict")).to_contain_text("Toimittajan korjaama versio.")
    assert not serious_violations(again)
    assert "Toimittajan korjaama versio." in site.python(
        f"from blog.models import Post\nprint(Post.objects.get(slug={slug!r}).body)"
    )
