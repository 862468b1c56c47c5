"""Django settings for depeches.

With no configuration at all, depeches serves with DEBUG off, keeps its SQLite database,
secret key and media under ./var, and listens on 127.0.0.1. Production values come from
the environment; README.md lists every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from depeches import config

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.env_bool("DEPECHES_DEBUG")
ALLOWED_HOSTS = config.env_list("DEPECHES_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = config.env_list("DEPECHES_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "depeches.sources",
    "depeches.crawl",
    "depeches.articles",
    "depeches.search",
    "depeches.stories",
    "depeches.images",
    "depeches.syndication",
    "depeches.web",
    "depeches.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "depeches.urls"
WSGI_APPLICATION = "depeches.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def sqlite_database(path: Path) -> dict:
    """The embedded default: one file, WAL so readers never wait for the crawler."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # IMMEDIATE: a writing transaction takes the write lock at BEGIN, so two
            # processes never deadlock upgrading a read lock; busy_timeout makes the
            # other one wait instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA temp_store=MEMORY;"
                "PRAGMA mmap_size=268435456"
            ),
        },
    }


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {"default": sqlite_database(DATA_DIR / "depeches.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "depeches",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DEPECHES_LOG_LEVEL", "INFO")},
    "loggers": {"httpx": {"level": "WARNING"}, "trafilatura": {"level": "WARNING"}},
}

# --- depeches' own settings (README.md, "Configuration") ---------------------------
DEPECHES_USER_AGENT = os.environ.get(
    "DEPECHES_USER_AGENT",
    "depeches/0.1 (+{contact})".format(
        contact=os.environ.get("DEPECHES_CONTACT_URL", "https://depeches.invalid/a-propos")
    ),
)
DEPECHES_FETCH_MAX_BYTES = config.env_int("DEPECHES_FETCH_MAX_BYTES", 10 * 1024 * 1024)
DEPECHES_FETCH_TIMEOUT = config.env_float("DEPECHES_FETCH_TIMEOUT", 20.0)
DEPECHES_HOST_DELAY = config.env_float("DEPECHES_HOST_DELAY", 1.0)
DEPECHES_FEED_MIN_INTERVAL = config.env_int("DEPECHES_FEED_MIN_INTERVAL", 5 * 60)
DEPECHES_FEED_MAX_INTERVAL = config.env_int("DEPECHES_FEED_MAX_INTERVAL", 24 * 3600)
DEPECHES_LEASE_SECONDS = config.env_int("DEPECHES_LEASE_SECONDS", 10 * 60)
DEPECHES_WEB_WORKERS = config.env_int("DEPECHES_WEB_WORKERS", 2)
DEPECHES_WEB_THREADS = config.env_int("DEPECHES_WEB_THREADS", 4)

# Images (depeches.images): pictures past these caps are refused, not stored.
DEPECHES_IMAGE_MAX_BYTES = config.env_int("DEPECHES_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
DEPECHES_IMAGE_MAX_PIXELS = config.env_int("DEPECHES_IMAGE_MAX_PIXELS", 40_000_000)
# At most this many pictures are downloaded for one article, its lead picture first.
DEPECHES_IMAGE_MAX_PER_ARTICLE = config.env_int("DEPECHES_IMAGE_MAX_PER_ARTICLE", 10)
DEPECHES_CRAWL_CONCURRENCY = config.env_int("DEPECHES_CRAWL_CONCURRENCY", 4)
