"""gunicorn settings for production and `make serve`: `gunicorn -c config/gunicorn.conf.py`.

Everything can be changed from the environment: GUNICORN_BIND (default 127.0.0.1:8000,
behind nginx or a load balancer), WEB_CONCURRENCY (worker processes, default two per
core plus one), GUNICORN_THREADS and GUNICORN_TIMEOUT. Logs go to stdout in the
application's form (DJANGO_LOG_FORMAT, JSON unless set to plain).
"""

import multiprocessing
import os

from config.logs import stdout_logging

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# A worker is replaced after this many requests, so a slow leak cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
# gunicorn would let a peer it trusts (by default any on 127.0.0.1) say the request was
# HTTPS (X-Forwarded-Proto) or move SCRIPT_NAME and PATH_INFO. Django alone decides, from
# DJANGO_TRUSTED_PROXY_COUNT (SECURE_PROXY_SSL_HEADER), so gunicorn trusts no peer.
forwarded_allow_ips = ""
secure_scheme_headers = {}
forwarder_headers = ""
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
# The application's own form (DJANGO_LOG_FORMAT), on the same stdout.
logconfig_dict = stdout_logging(
    os.environ.get("DJANGO_LOG_FORMAT") or "json",
    loggers={
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
)
