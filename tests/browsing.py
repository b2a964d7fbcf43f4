"""Helpers for the suites that drive a served site in Chromium (tests/browser,
tests/machines); their ``browser`` fixture is in tests/conftest.py."""


def sign_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
