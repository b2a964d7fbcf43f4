"""What the task worker does besides running tasks: checks each app registers to run every
minute (and once at start), for work no task stands for any more: a worker that died
holding mail, a scheduled post whose task was lost."""

import logging
import threading

from django.db import close_old_connections

logger = logging.getLogger(__name__)

_CHECKS = []
INTERVAL = 60


def every_minute(check):
    """Run ``check()`` in the worker every minute (an app's ready() registers it)."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def run_checks():
    for check in _CHECKS:
        try:
            check()
        except Exception:
            logger.exception("The worker's check %s failed; it runs again in a minute.", check)
        finally:
            close_old_connections()


def start_checks(interval=INTERVAL):
    """Run the checks now and then every ``interval`` seconds in a thread; return its stop."""
    stop = threading.Event()

    def loop():
        while not stop.wait(interval):
            run_checks()

    run_checks()
    threading.Thread(target=loop, name="worker-checks", daemon=True).start()
    return stop
