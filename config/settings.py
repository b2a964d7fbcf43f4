"""Settings for the blog CMS, read from the environment (12-factor).

Local defaults are safe: a SQLite file in the repository root, a local-memory cache and
debug off. `make run` turns debug on for local development; production sets
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import media_storage
from config.logs import FORMATS, stdout_logging

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use 1 or 0.")


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number of 0 or more.")
    return number


RATE_UNITS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def env_rate(name, default):
    """A rate such as "5/m" as (count, seconds); "off" gives None (no limit)."""
    value = os.environ.get(name, "").strip().lower() or default
    if value in {"off", "0", "none"}:
        return None
    count, _slash, unit = value.partition("/")
    if not count.isdigit() or int(count) < 1 or unit not in RATE_UNITS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: write a count per s, m, h or d, such as 5/m, "
            'or "off" for no limit.'
        )
    return int(count), RATE_UNITS[unit]


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# GENERAL
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. In production set it to a long random string, e.g. "
            'the output of: python -c "import secrets; print(secrets.token_urlsafe(50))". '
            "For local development set DJANGO_DEBUG=1 instead (make run does)."
        )
    # Debug mode only: a fixed key that check --deploy flags as insecure.
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# APPS
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's own widget templates, for FORM_RENDERER below.
    "django.forms",
]
THIRD_PARTY_APPS = [
    "taggit",
    "reversion",
    "reversion_compare",
    "axes",
    "csp",
    "django_tasks",
    # django_tasks_db, named in the writer's language; django_rq joins with TASK_QUEUE=redis.
    "core.queue_apps.TaskQueueConfig",
]
# In the order they depend on each other: each imports only those before it.
LOCAL_APPS = ["core", "authors", "blog", "comments", "following", "importing"]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    # First: a load balancer's probe needs no host name, session, redirect or language.
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "comments.middleware.CommentFormMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # An old address that answers 404 gets its 301 or 410 from the redirect table.
    "core.redirects.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during sign-in into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]
# Widgets render through TEMPLATES too, so templates/ can mend one: the admin's date and
# time inputs get real labels (templates/admin/widgets/split_datetime.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# DATABASES
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers must queue, not fail with "database is locked": WAL lets readers
    # and the writer proceed together, and IMMEDIATE transactions take the write lock up
    # front so the busy timeout applies (a DEFERRED read-then-write upgrade ignores it).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # How long a write waits for another writer before giving up (a reader's comment
        # is then given back to her with a message, never a 500).
        "timeout": env_int("DJANGO_DB_BUSY_TIMEOUT", 20),
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA temp_store=MEMORY;"
            "PRAGMA mmap_size=134217728;"
            "PRAGMA journal_size_limit=67108864;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHES
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "core.redis_cache.SharedRedisCache", "LOCATION": REDIS_URL}}
else:
    # Without Redis, every process on this machine shares one cache on disk: a cache per
    # process would let workers serve stale pages and count rate limits apart, and would
    # keep `make run` showing old pages after an import or a shell in another terminal.
    CACHES = {
        "default": {
            "BACKEND": "core.file_cache.FolderCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Anonymous readers get whole pages from the cache, for at most this long: any change
# readers could see retires them at once (core/caching.py). 0 renders every request.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 60 * 60 * 24)
# While one process renders a page, readers of it elsewhere wait this long for its copy
# before rendering their own (core.caching): a burst after a change costs one render.
PAGE_RENDER_WAIT_SECONDS = 5

# PASSWORDS
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# INTERNATIONALIZATION
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# STATIC AND MEDIA
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages from npm (make install), served under static/vendor/.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/easymde", NODE_MODULES / "easymde" / "dist"),
    ("vendor/fontawesome/css", NODE_MODULES / "@fortawesome" / "fontawesome-free" / "css"),
    (
        "vendor/fontawesome/webfonts",
        NODE_MODULES / "@fortawesome" / "fontawesome-free" / "webfonts",
    ),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads: the folder MEDIA_ROOT, or an S3-compatible bucket (config/media_storage.py).
MEDIA_STORAGE_URL = os.environ.get("MEDIA_STORAGE_URL", "")
# Uploads in the folder are served by what stands in front (nginx, a CDN); with nothing in
# front (development, `make serve` on localhost), Django serves them itself. A bucket
# serves its own.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG) and not MEDIA_STORAGE_URL
STORAGES = {
    "default": media_storage.default_storage(MEDIA_STORAGE_URL),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Where readers' browsers fetch the uploads from, when that is not this site (the CSP).
MEDIA_ORIGIN = media_storage.public_origin(STORAGES["default"])

# TASKS: mail goes through a queue, never inside a request. On one machine the queue is a
# table in the database and `manage.py run_worker` needs no other server; with Redis
# (several machines) tasks go through it (RQ) to workers on any machine.
TASK_QUEUE = os.environ.get("TASK_QUEUE", "redis" if REDIS_URL else "database")
if TASK_QUEUE not in ("database", "redis"):
    raise ImproperlyConfigured(
        f"TASK_QUEUE={TASK_QUEUE!r}: use 'database' (one machine) or 'redis' (with REDIS_URL)."
    )
if TASK_QUEUE == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASK_QUEUE=redis needs REDIS_URL, the broker's address.")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    INSTALLED_APPS = [*INSTALLED_APPS, "core.queue_apps.RedisQueueConfig"]
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://localhost:6379/0"}}
# RQ's dashboard is an operator's tool in English, not part of the writers' admin.
RQ_SHOW_ADMIN_LINK = False

# EMAIL
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "blogi@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SECURITY
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Production is HTTPS-only: plain HTTP is redirected, cookies never leave over it, and
# browsers are told by HSTS to come back over HTTPS. DJANGO_HTTPS=0 is for trying the
# production configuration on localhost (make serve), never for a public site.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 60 * 60) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# The header alone enrols nothing: a domain enters browsers' lists only when submitted.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
# Behind N reverse proxies the reader's address is the Nth entry from the right of
# X-Forwarded-For; 0 trusts no header and uses the connection's address.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    # Our own proxy terminates TLS and says so; without one the header could be forged.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts only from our own static files, no inline
# scripts. Inline styles stay allowed: the editor (CodeMirror) and admin widgets set them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        # Writers may show pictures from other sites in their posts.
        "img-src": [SELF, "data:", "https:", *filter(None, [MEDIA_ORIGIN])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# LOGGING: one line per record on stdout, for a log collector (JSON unless debugging).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in FORMATS:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT={LOG_FORMAT!r}: use plain or json.")
LOGGING = stdout_logging(
    LOG_FORMAT,
    level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    # django-axes logs every sign-in at INFO; lockouts, the part worth reading, are warnings.
    loggers={"axes": {"level": "WARNING"}},
)

# SITE
SITE_NAME = os.environ.get("SITE_NAME", "Työelämän tiimiblogi")
# The site's address as readers reach it: links in mail, which no request carries.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
TAGGIT_CASE_INSENSITIVE = True
# Tag URLs are ASCII like post URLs: "työelämä" -> /tags/tyoelama/.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# COMMENTS (the discussion settings; see README)
# Salt for hashing commenters' IP addresses; rotating it unlinks old hashes from new ones.
COMMENTS_IP_SALT = os.environ.get("COMMENTS_IP_SALT", "comments.ip")
COMMENTS_REQUIRE_APPROVAL = env_bool("COMMENTS_REQUIRE_APPROVAL", True)
# An address with an approved comment is trusted: its next comments appear at once.
COMMENTS_APPROVE_KNOWN_EMAILS = env_bool("COMMENTS_APPROVE_KNOWN_EMAILS", True)
COMMENTS_MIN_SECONDS = env_int("COMMENTS_MIN_SECONDS", 3)
COMMENTS_MAX_FORM_AGE = env_int("COMMENTS_MAX_FORM_AGE", 2 * 60 * 60)
# Per reader (IP hash) and post, then per reader over the whole site; "off" disables.
COMMENTS_RATE_LIMIT = env_rate("COMMENTS_RATE_LIMIT", "5/m")
COMMENTS_SITE_RATE_LIMIT = env_rate("COMMENTS_SITE_RATE_LIMIT", "20/m")
# More links than this hold a comment for moderation, even from a known address.
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
# Comments close this many days after publishing, unless a post says otherwise; empty: never.
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", None)

# FOLLOWING BY EMAIL (see README)
# A request not confirmed within this many days is forgotten, and its link stops working.
FOLLOW_CONFIRM_DAYS = env_int("FOLLOW_CONFIRM_DAYS", 7)
# Requests per reader (IP hash) and per address; "off" disables.
FOLLOW_RATE_LIMIT = env_rate("FOLLOW_RATE_LIMIT", "5/h")
# Mail a worker took this long ago and did not send was held by a worker that died: the
# next worker's check takes it again. Longer than a batch of 50 ever takes to send.
MAIL_STALE_SECONDS = env_int("MAIL_STALE_SECONDS", 600)

# IMAGES (uploads in the admin; see core/images.py)
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 10 * 1024 * 1024)
# A decompression bomb is a small file that opens into billions of pixels.
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)

# SIGN-IN: django-axes locks a user name out from one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# The pair, not the name alone: a stranger guessing a writer's name can't lock her out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The reader's address as the comments see it too, honouring DJANGO_TRUSTED_PROXY_COUNT.
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
# Lockouts are still logged; the start-up banner on every command is not.
AXES_VERBOSE = False
