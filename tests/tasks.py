from django.core.management import call_command


def run_tasks():
    """Do what the queue holds, as the worker does (``manage.py run_worker --burst``)."""
    call_command("run_worker", burst=True)
