from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from core import worker


class Command(BaseCommand):
    help = (
        "Run the task worker of the configured queue (TASK_QUEUE: the database, or Redis "
        "through RQ), with the site's checks every minute. Run one per machine, or more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Do what is queued and due now, then stop (for scripts and tests).",
        )

    def handle(self, *args, burst=False, **options):
        if burst:
            worker.run_checks()
            self._work(burst=True)
            return
        stop = worker.start_checks()
        try:
            self._work(burst=False)
        finally:
            stop.set()

    def _work(self, burst):
        verbosity = 0 if burst else 1
        if settings.TASK_QUEUE == "redis":
            # RQ runs each job through django-tasks-rq's job class, which calls the task; in
            # this process, as the database queue's worker does: the tasks are short, and a
            # process forked for each would open its database connection again.
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.backend.Job",
                worker_class="rq.worker.SimpleWorker",
                with_scheduler=True,
                burst=burst,
                verbosity=verbosity,
            )
        else:
            call_command("db_worker", batch=burst, verbosity=verbosity)
