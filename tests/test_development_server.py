"""`make run`: a change made in another terminal shows on the open site at once."""

import sys
import urllib.request

from benchmarks.server import (
    environment,
    free_port,
    prepare_site,
    run_in_site,
    serving,
)

NEW_POST = """
from blog.models import Post
Post.objects.create(title="Toisesta päätteestä", body="Tuotu.", status="published")
"""


def development_server(env):
    """manage.py runserver with debug on, as `make run` starts it."""
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    return serving(command, port, env, quiet=True)


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
