"""The benchmark's settings with readers never waiting for another process's render: after
a change, every reader who finds no copy renders her own (as before the render lock)."""

from benchmarks.settings import *  # noqa: F403

PAGE_RENDER_WAIT_SECONDS = 0
