"""The real settings, served with the benchmark's ceiling page next to the site."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
