"""Readers comment and reply in Chromium; an editor approves in the admin."""

from playwright.sync_api import expect

from tests.browsing import write_comment

POST = "/posts/esimies-muiden-silmin/"


def approve(editor, site, body):
    pk = site.python(
        f"from comments.models import Comment; print(Comment.objects.get(body={body!r}).pk)"
    )
    editor.goto("/admin/comments/comment/?status__exact=pending")
    editor.check(f"input[name=_selected_action][value='{pk}']")
    editor.select_option("select[name=action]", "approve")
    editor.click("button[name=index]")
    expect(editor.locator(".messagelist")).to_be_visible()
    return pk


def test_a_comment_awaits_moderation_is_approved_and_gets_a_nested_reply(
    page, reader, editor, site
):
    page.goto(POST)
    write_comment(page, "Liisa Lukija", "liisa@example.fi", "Hyvä kirjoitus, kiitos Saija!")
    pending = page.locator(".own-pending-comment")
    expect(pending).to_contain_text("Hyvä kirjoitus, kiitos Saija!")
    expect(pending).to_contain_text("odottaa")

    reader.goto(POST)
    expect(reader.locator("#comments")).not_to_contain_text("Hyvä kirjoitus, kiitos Saija!")

    pk = approve(editor, site, "Hyvä kirjoitus, kiitos Saija!")
    reader.reload()
    comment = reader.locator(f"#comment-{pk}")
    expect(comment).to_contain_text("Hyvä kirjoitus, kiitos Saija!")
    expect(comment.locator(".p-author")).to_have_text("Liisa Lukija")

    comment.locator(".reply-link a").click()
    expect(reader.locator("#respond-heading")).to_have_text("Vastaa: Liisa Lukija")
    write_comment(reader, "Pekka Vastaaja", "pekka@example.fi", "Samaa mieltä, Liisa.")
    expect(reader.locator(".own-pending-comment")).to_contain_text("Samaa mieltä, Liisa.")
    approve(editor, site, "Samaa mieltä, Liisa.")

    page.goto(POST)
    reply = page.locator(f"#comment-{pk} .replies .comment")
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text("Samaa mieltä, Liisa.")
    expect(reply.locator(".p-author")).to_have_text("Pekka Vastaaja")


def test_an_invalid_comment_keeps_what_was_typed(page):
    page.goto(POST)
    text = "Pitkä ja huolella kirjoitettu kommentti,\n\njota ei saa hukata."
    write_comment(page, "Liisa Lukija", "ei-osoite", text)
    expect(page.locator(".comment-form .form-errors")).to_be_visible()
    expect(page.locator("#id_email")).to_have_value("ei-osoite")
    expect(page.locator("#id_name")).to_have_value("Liisa Lukija")
    expect(page.locator("#id_body")).to_have_value(text)
    expect(page.locator(".comment-form .errorlist")).to_contain_text("sähköposti")


def test_a_reader_who_asks_to_be_remembered_finds_her_name_in_the_next_form(page):
    page.goto(POST)
    page.check("#id_remember")
    write_comment(page, "Liisa Lukija", "liisa@example.fi", "Muistakaa minut ensi kerralla.")

    page.goto("/posts/empatiaa-ja-asiakaspalvelua-samassa-paketissa/")
    page.locator(".comment-form").scroll_into_view_if_needed()
    expect(page.locator("#id_name")).to_have_value("Liisa Lukija")
    expect(page.locator("#id_email")).to_have_value("liisa@example.fi")
    expect(page.locator("#id_remember")).to_be_checked()

    page.uncheck("#id_remember")
    write_comment(page, "Liisa Lukija", "ei-osoite", "Unohtakaa minut.")
    expect(page.locator(".comment-form .form-errors")).to_be_visible()
    assert page.evaluate("localStorage.getItem('comment-author')") is None
