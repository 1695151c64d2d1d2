"""Django settings.

Configuration comes from the environment so that the same code runs as the embedded
demo (SQLite under ./var) and as a stateless web worker against PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SCRUTINEER_VAR_DIR", Path.cwd() / "var"))

SECRET_KEY = os.environ.get("SCRUTINEER_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = os.environ.get("SCRUTINEER_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("SCRUTINEER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "scrutineer.governance",
    "scrutineer.tracker",
    "scrutineer.performance",
    "scrutineer.reports",
    "scrutineer.ingest",
    "scrutineer.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
        conn_max_age=int(os.environ.get("SCRUTINEER_CONN_MAX_AGE", "0")),
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
        "timeout": float(os.environ.get("SCRUTINEER_SQLITE_TIMEOUT", "30")),
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

LOGIN_URL = "/admin/login/"
