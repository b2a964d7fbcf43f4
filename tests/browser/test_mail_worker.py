"""The task worker as a real process, killed while it sends: the next one finishes the
post's mail, and nobody gets it twice but, at the most, the one reader whose mail was in
flight. With the served site's tools, in the e2e run."""

import signal
import subprocess
import sys
import time
from collections import Counter

from benchmarks.bench_mail import FOLLOWERS, PUBLISH
from benchmarks.server import ROOT, environment, prepare_site, run_in_site
from tests.smtp_sink import Sink

COUNT = 400


def start_worker(env):
    return subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=env)


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_killed_worker_leaves_no_mail_unsent_and_at_most_one_twice(tmp_path):
    sink = Sink().start()
    env = environment(
        tmp_path / "site.sqlite3",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        TASK_QUEUE="database",
        MAIL_STALE_SECONDS="2",
    )
    prepare_site(env)
    run_in_site(FOLLOWERS.format(count=COUNT), env)
    worker = start_worker(env)
    try:
        run_in_site(PUBLISH.format(title="Kesken kaatuva"), env)
        assert wait_until(lambda: len(sink.inbox.about("Kesken kaatuva")) >= COUNT // 4, 120)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        got = len(sink.inbox.about("Kesken kaatuva"))
        assert got < COUNT, "the worker was killed before it had sent everything"
        time.sleep(3)
        worker = start_worker(env)
        assert wait_until(lambda: len(set(sink.inbox.about("Kesken kaatuva"))) == COUNT, 120)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        sink.stop()
    counts = Counter(sink.inbox.about("Kesken kaatuva"))
    # Killed after the server took a mail and before its row was marked sent, a worker
    # leaves that one mail to be sent again (docs/performance.md): one reader at the most.
    twice = {address: times for address, times in counts.items() if times > 1}
    assert len(twice) <= 1 and set(twice.values()) <= {2}, twice
