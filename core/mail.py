"""Mail through the task queue: never inside a request, tried again when the mail server is
away, and a refusal that will not change (a 5xx for an address) told apart from one that may.

django-tasks runs a task once and keeps no retries of its own; a task that meets a passing
failure enqueues itself again with ``later``, after a growing pause.
"""

import datetime
import smtplib
import socket

from django.db import transaction
from django.utils import timezone

# Seconds to wait before each next attempt; the last repeats until ``ATTEMPTS`` are used.
BACKOFF = (10, 30, 60, 120, 300, 600, 1800)
ATTEMPTS = 30


class Refused(Exception):
    """The mail server will never accept mail for these addresses."""

    def __init__(self, addresses):
        super().__init__(", ".join(sorted(addresses)))


def enqueue(task, *args, **kwargs):
    """Enqueue ``task`` once the current transaction commits (at once outside one), so that
    a worker never looks for rows that are not there yet."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def later(task, attempt, *args, **kwargs):
    """Enqueue ``task`` again after the pause for ``attempt``, unless ``ATTEMPTS`` are used."""
    if attempt + 1 >= ATTEMPTS:
        return
    pause = BACKOFF[min(attempt, len(BACKOFF) - 1)]
    run_after = timezone.now() + datetime.timedelta(seconds=pause)
    transaction.on_commit(
        lambda: task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
    )


def send(message, connection=None):
    """Send ``message``; raise ``Refused`` when the server refuses every recipient for good,
    or the error itself when it may pass (the server is down, busy, or refuses for now)."""
    try:
        (connection or message.get_connection()).send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        permanent = {address for address, (code, _text) in error.recipients.items() if code >= 500}
        if permanent and permanent == set(error.recipients):
            raise Refused(permanent) from error
        raise


PASSING = (smtplib.SMTPException, socket.error, TimeoutError)
