"""Helpers for the suites that drive a served site in Chromium (tests/browser,
tests/machines); their ``browser`` fixture is in tests/conftest.py."""

from tests.pictures import picture


def try_to_sign_in(page, username, password):
    """Send the admin's sign-in form; returns the answer's status."""
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation() as answer:
        page.click("input[type=submit]")
    return answer.value.status


def sign_in(page, username, password):
    try_to_sign_in(page, username, password)
    page.wait_for_url("**/admin/")


def write_comment(page, name, email, body):
    """Send the comment form of the post ``page`` shows; returns the answer's status."""
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.fill("#id_body", body)
    # The form refuses what is sent faster than a person writes (COMMENTS_MIN_SECONDS).
    page.wait_for_timeout(1200)
    with page.expect_navigation() as sent:
        page.click(".comment-form button[type=submit]")
    return sent.value.status


def choose_picture(page, selector, name, size):
    """Choose a new PNG of ``size`` named ``name`` in the file field at ``selector``."""
    data = picture(name, size, "PNG").read()
    page.set_input_files(selector, files=[{"name": name, "mimeType": "image/png", "buffer": data}])
