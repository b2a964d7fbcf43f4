"""The production settings for the browser suite's server, which also serves media."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.browser.urls"
