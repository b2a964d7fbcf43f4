"""`make run`: a change made in another terminal shows on the open site at once."""

import subprocess
import sys
import urllib.request
from contextlib import contextmanager

from benchmarks.server import (
    ROOT,
    environment,
    free_port,
    prepare_site,
    run_in_site,
    wait_until_up,
)

NEW_POST = """
from blog.models import Post
Post.objects.create(title="Toisesta päätteestä", body="Tuotu.", status="published")
"""


@contextmanager
def development_server(env):
    """manage.py runserver with debug on, as `make run` starts it."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def front_page(url):
    with urllib.request.urlopen(f"{url}/") as response:
        return response.read().decode()


def test_a_change_from_another_process_shows_on_the_next_request(tmp_path):
    env = environment(tmp_path / "dev.sqlite3", DJANGO_DEBUG="1")
    prepare_site(env)
    with development_server(env) as url:
        assert "Toisesta päätteestä" not in front_page(url)
        # The page is now in the cache; another process adds a post.
        run_in_site(NEW_POST, env)
        assert "Toisesta päätteestä" in front_page(url)
