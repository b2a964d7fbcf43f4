"""Two writers open one post in Chromium: the second is told, and nothing is lost."""

from playwright.sync_api import expect

from tests.browser.test_author_journey import write_markdown

SHARED_POST = """
from authors.models import Author
from blog.models import Post
post = Post.objects.create(title="Yhteinen luonnos", body="Alku.", status="draft")
post.set_authors([Author.objects.get(display_name="Kaisa Kirjoittaja")])
print(post.pk)
"""


def append(page, text):
    page.click(".CodeMirror")
    page.keyboard.press("Control+End")
    write_markdown(page, text)


def test_the_second_writer_is_told_and_her_save_shows_both_texts(browse, site):
    pk = site.python(SHARED_POST)
    change = f"/admin/blog/post/{pk}/change/"
    author = browse("kirjoittaja")
    author.goto(change)
    editor = browse("toimittaja")
    editor.goto(change)
    expect(editor.locator(".messagelist .warning")).to_contain_text("Kaisa Kirjoittaja")

    append(author, " Kirjoittajan lause.")
    author.click("input[name=_continue]")
    expect(author.locator(".messagelist .success")).to_be_visible()

    append(editor, " Toimittajan lause.")
    editor.click("input[name=_continue]")
    conflict = editor.locator(".edit-conflict")
    expect(conflict).to_contain_text("Kaisa Kirjoittaja tallensi sen")
    expect(conflict.locator("table.diff")).to_contain_text("Kirjoittajan")
    assert "Kirjoittajan lause." in site.python(
        f"from blog.models import Post\nprint(Post.objects.get(pk={pk}).body)"
    )

    # Keeping hers: the form came back with her text and the newer version; save again.
    editor.click("input[name=_continue]")
    expect(editor.locator(".messagelist .success")).to_be_visible()
    body = site.python(f"from blog.models import Post\nprint(Post.objects.get(pk={pk}).body)")
    assert "Toimittajan lause." in body
