"""Mail benchmark: `make bench-mail`. Prints figures; asserts nothing.

A fresh site (SQLite, the demo content) with 10,000 confirmed followers, a task worker
(`manage.py run_worker`, the database queue) and a real SMTP server on loopback
(aiosmtpd) that counts what it accepts. A post is published through the admin; printed:
the publish request's time (beside the same request with no followers), the time until
the last mail is accepted, mails per second, and duplicates. Then once more with the SMTP
server stopped for 30 seconds once a third of the mail has arrived, and once more with the
worker killed (SIGKILL) at a third and a new one started: every mail must still arrive,
once.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.server import ROOT, environment, prepare_site, run_in_site
from tests.smtp_sink import Sink

PUBLISH = """
import time, django
django.setup()
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone
from blog.models import Post
from tests.authoring import edit

editor, _ = User.objects.get_or_create(username="bench-editor", defaults={{"is_staff": True}})
editor.groups.add(Group.objects.get(name="Editor"))
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(editor)
post = Post.objects.create(title="{title}", body="Benchmark.", status="draft")
client.get(f"/admin/blog/post/{{post.pk}}/change/")
now = timezone.localtime()
started = time.perf_counter()
response = edit(client, post, status="published", published_at_0=now.date().isoformat(),
                published_at_1=now.strftime("%H:%M:%S"))
elapsed = time.perf_counter() - started
assert response.status_code == 302, response.status_code
print(f"{{elapsed * 1000:.1f}}")
"""

FOLLOWERS = """
import django
django.setup()
from django.utils import timezone
from following.models import Follow, Follower

now = timezone.now()
followers = Follower.objects.bulk_create(
    Follower(email=f"lukija{{number}}@example.com", language="fi") for number in range({count})
)
Follow.objects.bulk_create(
    Follow(follower=follower, kind="blog", confirmed_at=now) for follower in followers
)
print(Follower.objects.count())
"""


def arrived(sink, title):
    return sink.inbox.about(title)


def wait_for(sink, title, count, timeout, on_progress=None):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        got = arrived(sink, title)
        if on_progress:
            on_progress(len(got))
        if len(set(got)) >= count:
            return time.monotonic() - started
        time.sleep(1)
    return None


def report(label, sink, title, count, publish_ms, seconds):
    got = arrived(sink, title)
    duplicates = sum(times - 1 for times in Counter(got).values())
    print(f"\n{label}")
    print(f"  publish request              {publish_ms:8.1f} ms")
    if seconds is None:
        print(f"  NOT DONE: {len(set(got))} of {count} followers reached")
    else:
        print(f"  last mail accepted after     {seconds:8.1f} s")
        print(f"  mails per second             {count / seconds:8.0f}")
    print(f"  followers reached            {len(set(got)):8d} of {count}")
    print(f"  duplicates                   {duplicates:8d}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--outage", type=int, default=30, help="seconds the SMTP server is off")
    options = parser.parse_args()
    count = options.followers
    sink = Sink().start()
    with tempfile.TemporaryDirectory() as folder:
        env = environment(
            Path(folder) / "bench.sqlite3",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(sink.port),
            SITE_URL="https://blogi.example.fi",
            TASK_QUEUE="database",
            # The killed worker's mail is taken again after this, not after ten minutes.
            MAIL_STALE_SECONDS="20",
        )
        prepare_site(env)
        baseline = float(run_in_site(PUBLISH.format(title="Ilman tilaajia"), env))
        print(f"followers: {run_in_site(FOLLOWERS.format(count=count), env)}")

        def start_worker():
            return subprocess.Popen(
                [sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip

        worker = start_worker()
        try:
            print(f"publish request with no followers: {baseline:.1f} ms")
            publish = float(run_in_site(PUBLISH.format(title="Kymmenelle tuhannelle"), env))
            seconds = wait_for(sink, "Kymmenelle tuhannelle", count, timeout=1200)
            report("Mail server up", sink, "Kymmenelle tuhannelle", count, publish, seconds)

            title = "Katkon yli"
            publish = float(run_in_site(PUBLISH.format(title=title), env))
            started = time.monotonic()
            stopped = []

            def stop_a_third_in(got):
                if not stopped and got >= count // 3:
                    sink.stop()
                    stopped.append(time.monotonic())

            wait_for(sink, title, count // 3, timeout=1200, on_progress=stop_a_third_in)
            time.sleep(max(0, options.outage - (time.monotonic() - stopped[0])))
            sink.start()
            rest = wait_for(sink, title, count, timeout=1800)
            total = None if rest is None else time.monotonic() - started
            report(
                f"Mail server stopped for {options.outage} s at a third", sink, title, count,
                publish, total,
            )  # fmt: skip

            title = "Kaatuneen jälkeen"
            publish = float(run_in_site(PUBLISH.format(title=title), env))
            started = time.monotonic()
            wait_for(sink, title, count // 3, timeout=1200)
            worker.kill()
            worker.wait()
            worker = start_worker()
            rest = wait_for(sink, title, count, timeout=1800)
            total = None if rest is None else time.monotonic() - started
            report("Worker killed at a third, another started", sink, title, count, publish, total)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
            sink.stop()


if __name__ == "__main__":
    main()
