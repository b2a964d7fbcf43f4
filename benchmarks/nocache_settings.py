"""The benchmark's settings with the whole-page cache off: every request renders its page.

The cache itself stays on, as on any page-cache miss in production: what every page shows
and only a change of content can change (the archive's months) still comes from it.
"""

from benchmarks.settings import *  # noqa: F403

PAGE_CACHE_SECONDS = 0
