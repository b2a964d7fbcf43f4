"""``/healthz`` for load balancers and process supervisors.

200 when the database answers a query about the site's own tables, 503 when it does not:
a SQLite file that was deleted comes back empty when opened, and answers "SELECT 1" while
every page fails. Answered before any other
middleware, so a probe by IP address (no allowed host name) over plain HTTP gets the
truth instead of a 400 or a redirect, and nothing is cached.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

PATH = "/healthz"


def database_answers():
    try:
        with connection.cursor() as cursor:
            # Written by every migrate: present once the schema is.
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH:
            return self.get_response(request)
        healthy = database_answers()
        response = HttpResponse(
            b"ok\n" if healthy else b"database unavailable\n",
            content_type="text/plain; charset=utf-8",
            status=200 if healthy else 503,
        )
        response["Cache-Control"] = "no-store"
        return response
