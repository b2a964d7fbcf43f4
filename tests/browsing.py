"""Helpers for the suites that drive a served site in Chromium (tests/browser,
tests/machines); their ``browser`` fixture is in tests/conftest.py."""

from tests.pictures import picture


def sign_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def choose_picture(page, selector, name, size):
    """Choose a new PNG of ``size`` named ``name`` in the file field at ``selector``."""
    data = picture(name, size, "PNG").read()
    page.set_input_files(selector, files=[{"name": name, "mimeType": "image/png", "buffer": data}])
