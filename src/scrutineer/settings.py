"""Django settings.

Configuration comes from the environment so that the same code runs as the embedded
demo (SQLite under ./var) and as a stateless web worker against PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from scrutineer.environment import flag, number, proxy_ssl_header, rate, words

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SCRUTINEER_VAR_DIR", Path.cwd() / "var"))

DEBUG = flag("SCRUTINEER_DEBUG", False)
# No default key: without one (and with DEBUG off) the server refuses to start, see
# environment.require_secret_key; commands that sign nothing, such as ingest, still run.
SECRET_KEY = os.environ.get("SCRUTINEER_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-for-debug-only"
ALLOWED_HOSTS = words("SCRUTINEER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = words("SCRUTINEER_CSRF_TRUSTED_ORIGINS")
# The domain in iCalendar UIDs (docs/calendar.md): set once, since changing it changes
# every UID subscribers' calendars know.
CALENDAR_DOMAIN = os.environ.get("SCRUTINEER_CALENDAR_DOMAIN", "scrutineer.invalid")

# Behind HTTPS (SCRUTINEER_HTTPS=1) every check of `manage.py check --deploy` is met by
# default; each can still be set on its own.
HTTPS = flag("SCRUTINEER_HTTPS", False)
SECURE_SSL_REDIRECT = flag("SCRUTINEER_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = flag("SCRUTINEER_SECURE_COOKIES", HTTPS)
SECURE_HSTS_SECONDS = number("SCRUTINEER_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = flag("SCRUTINEER_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = flag("SCRUTINEER_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = proxy_ssl_header("SCRUTINEER_PROXY_SSL_HEADER")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Pages carry no inline script or style (charts are drawn with SVG presentation
# attributes), so the policy allows nothing but this site's own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "scrutineer.governance",
    "scrutineer.tracker",
    "scrutineer.performance",
    "scrutineer.assurance",
    "scrutineer.reports",
    "scrutineer.ingest",
    "scrutineer.jobs",
    "scrutineer.harvest",
    "scrutineer.search",
    "scrutineer.api",
    "scrutineer.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "scrutineer.web.councils.council_prefix",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "scrutineer.api.authentication.bearer_tokens",  # an API token's user, for /api/ only
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "scrutineer.web.middleware.private_when_personal",
    "axes.middleware.AxesMiddleware",  # last: it answers a locked-out sign-in
]

# Sign-in: Scrutineer's own pages (`web.accounts`); the admin is for administrators only.
# django-axes locks a user name and address pair out after repeated failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = number("SCRUTINEER_SIGN_IN_ATTEMPTS", 5)
AXES_COOLOFF_TIME = number("SCRUTINEER_SIGN_IN_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
# A session ends this long after signing in, and when the browser closes.
SESSION_COOKIE_AGE = number("SCRUTINEER_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Password reset mail: printed on the console unless an SMTP server is named.
EMAIL_HOST = os.environ.get("SCRUTINEER_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = number("SCRUTINEER_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("SCRUTINEER_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SCRUTINEER_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = flag("SCRUTINEER_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("SCRUTINEER_EMAIL_FROM", "scrutineer@localhost")

ROOT_URLCONF = "scrutineer.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "scrutineer.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'scrutineer.sqlite3'}"),
        conn_max_age=number("SCRUTINEER_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes share one file (the server, an ingest, an upload). A writer that
    # finds the database busy waits up to SCRUTINEER_SQLITE_TIMEOUT seconds rather than
    # failing at once. IMMEDIATE transactions take the write lock when they begin, so two
    # writers queue instead of deadlocking on upgrading a read lock, which no wait can
    # resolve. In WAL mode readers never wait for a writer (nor it for them); NORMAL sync
    # is safe with WAL against a crashed process, at the cost of the last commits on a
    # power cut. Options in DATABASE_URL's query string take precedence.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": number("SCRUTINEER_SQLITE_TIMEOUT", 30.0, float),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# WhiteNoise serves the apps' static files straight from the package, so a worker needs
# no collectstatic step and no shared file system.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Files officers attach to agenda items, and the agenda packs published from them, are kept
# through Django's storage API: a disk under var/ by default, so object storage can replace
# it by configuring STORAGES["default"] alone. They are never served from MEDIA_URL: the
# site's own views serve them, as restricted as their records.
MEDIA_ROOT = Path(os.environ.get("SCRUTINEER_MEDIA_ROOT", VAR_DIR / "media"))
# The largest attachment an officer may upload, checked before the file is read.
SCRUTINEER_ATTACHMENT_LIMIT = number("SCRUTINEER_ATTACHMENT_LIMIT", 20 * 1024 * 1024)

# The open-data API's rate limits (docs/api.md), as "requests/period" (s, min, hour, day),
# or "" for none: anonymous clients by address, signed-in readers and token clients by user.
# Counts are kept in Django's cache: one process's memory by default, so a server with
# several workers sets SCRUTINEER_CACHE_URL (redis://host:6379/1) for one count among them.
CACHE_URL = os.environ.get("SCRUTINEER_CACHE_URL", "").strip()
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
SCRUTINEER_API_ANON_RATE = rate("SCRUTINEER_API_ANON_RATE", "120/min")
SCRUTINEER_API_TOKEN_RATE = rate("SCRUTINEER_API_TOKEN_RATE", "1200/min")
# How many proxies in front of the server append to X-Forwarded-For: the client's address
# is read that many entries from the right. 0 (the default) reads the connection's address,
# which a client cannot forge; behind one proxy, set 1, or every client shares one limit.
NINJA_NUM_PROXIES = number("SCRUTINEER_API_PROXIES", 0)

LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The council of records saved on an install that has none yet (a council is otherwise named
# by the papers ingested, or by `ingest --council SLUG`).
SCRUTINEER_COUNCIL = os.environ.get("SCRUTINEER_COUNCIL", "Exampleshire County Council")

# Jobs (scrutineer.jobs). With SCRUTINEER_BROKER_URL set (redis://host:6379/0), jobs are
# sent to Celery workers (`scrutineer worker`); without it they run in the process that
# asks for them, so the embedded demo needs no Redis. Workers record progress and results
# in the database, so no result backend is needed.
CELERY_BROKER_URL = os.environ.get("SCRUTINEER_BROKER_URL", "").strip()
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-job leaves the job to another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("SCRUTINEER_QUEUE", "scrutineer")
JOB_RETRIES = number("SCRUTINEER_JOB_RETRIES", 3)
JOB_RETRY_BACKOFF = number("SCRUTINEER_JOB_RETRY_BACKOFF", 2.0, float)
