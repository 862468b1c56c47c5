"""Django settings for depeches.

With no configuration at all, depeches serves with DEBUG off, keeps its SQLite database,
secret key and media under ./var, and listens on 127.0.0.1. Production values come from
the environment; README.md lists every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

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
    "django.contrib.sitemaps",
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
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers pages already in the page cache; what follows runs only for the others.
    "depeches.web.middleware.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Below CsrfViewMiddleware so that its response step runs first: it asks for the
    # reader's CSRF token, which CsrfViewMiddleware then sets as a cookie.
    "depeches.web.middleware.CsrfSlotMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
        # Keep each thread's connection: opening one (and its PRAGMAs) costs ~2 ms a request.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
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
FORMAT_MODULE_PATH = ["depeches.web.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"

# The reader chooses French or Arabic with the switch (set_language), remembered a year in
# this cookie; without it, Accept-Language decides, else French. One URL serves both.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Fingerprinted names (cached for good by browsers) and gzip/brotli copies, made by
    # collectstatic, which `depeches web` runs before serving. The test suite swaps in the
    # plain storage (tests/conftest.py), as Django advises for manifest storages.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# DEPECHES_CACHE: "locmem" (default, per process), "file:<dir>" or "db" (shared by processes).
CACHES = {"default": config.cache_backend(os.environ.get("DEPECHES_CACHE", ""), DATA_DIR)}

# --- security ------------------------------------------------------------------------
# No inline script or style anywhere on the site: everything comes from depeches itself.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_OPTIONS_NOSNIFF = True
# Outlets see that a reader came from depeches (the origin), never which page.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS is the business of the reverse proxy in front of `depeches web` (which listens on
# 127.0.0.1 over plain HTTP): DEPECHES_HTTPS=1 says the site is served over HTTPS by a
# proxy that sets X-Forwarded-Proto. Off by default, since the default is http on 127.0.0.1.
HTTPS = config.env_bool("DEPECHES_HTTPS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = config.env_int("DEPECHES_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = config.env_bool("DEPECHES_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = config.env_bool("DEPECHES_HSTS_PRELOAD")
if not HTTPS:
    # `check --deploy` asks for HSTS, an HTTPS redirect and HTTPS-only cookies. Over plain
    # HTTP they cannot apply; DEPECHES_HTTPS turns them on, and then these checks run again.
    SILENCED_SYSTEM_CHECKS = [
        "security.W004",  # SECURE_HSTS_SECONDS
        "security.W008",  # SECURE_SSL_REDIRECT
        "security.W012",  # SESSION_COOKIE_SECURE
        "security.W016",  # CSRF_COOKIE_SECURE
    ]

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
# Seconds a rendered page may be reused while no article changes: pages show relative times
# ("il y a 12 min"), so even an unchanged page is rendered afresh this often. 0: only a
# change of content renders a page again.
DEPECHES_PAGE_FRESHNESS = config.env_int("DEPECHES_PAGE_FRESHNESS", 60)

# Images (depeches.images): pictures past these caps are refused, not stored.
DEPECHES_IMAGE_MAX_BYTES = config.env_int("DEPECHES_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
DEPECHES_IMAGE_MAX_PIXELS = config.env_int("DEPECHES_IMAGE_MAX_PIXELS", 40_000_000)
# At most this many pictures are downloaded for one article, its lead picture first.
DEPECHES_IMAGE_MAX_PER_ARTICLE = config.env_int("DEPECHES_IMAGE_MAX_PER_ARTICLE", 10)

# Readers' reports on images (depeches.images.moderation): an image is blocked once this
# many different reporters have reported it (a staff member's report is enough alone).
DEPECHES_IMAGE_BLOCK_THRESHOLD = config.env_int("DEPECHES_IMAGE_BLOCK_THRESHOLD", 3)
# Reports on one image that count from one (daily-rotated) IP address hash, whatever cookies.
DEPECHES_IMAGE_REPORTS_PER_IP = config.env_int("DEPECHES_IMAGE_REPORTS_PER_IP", 2)
# Reports a day from one reporter, and from one IP address hash; past them, none is kept.
DEPECHES_IMAGE_REPORTS_PER_DAY = config.env_int("DEPECHES_IMAGE_REPORTS_PER_DAY", 30)
# A blocked image also blocks pictures whose perceptual hash differs by at most this many bits.
DEPECHES_IMAGE_SIMILAR_DISTANCE = config.env_int("DEPECHES_IMAGE_SIMILAR_DISTANCE", 6)
# Addresses (or networks, "10.0.0.0/8") of reverse proxies whose X-Forwarded-For is believed.
DEPECHES_TRUSTED_PROXIES = config.env_list("DEPECHES_TRUSTED_PROXIES")

# Stories (depeches.stories): how far back, in hours, a new article looks for its story.
DEPECHES_STORY_WINDOW_HOURS = config.env_float("DEPECHES_STORY_WINDOW_HOURS", 72.0)
DEPECHES_CRAWL_CONCURRENCY = config.env_int("DEPECHES_CRAWL_CONCURRENCY", 4)
