"""Settings for Trajectory, read from the environment with safe local defaults.

With nothing set, it runs on a SQLite file and Celery's filesystem broker under
`var/`, so a fresh checkout needs no servers. Set DATABASE_URL and
CELERY_BROKER_URL for PostgreSQL and Redis.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str, file_storage, local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TRAJECTORY_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Without SECRET_KEY a random key is made once and kept in var/ (never in the repo),
# so a local checkout runs with no setup; a deployment sets its own.
SECRET_KEY = env_str("SECRET_KEY", "") or local_secret_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "axes",
    "simple_history",
    "config",
    "authorities",
    "inspections",
    "improvement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files from the app server (gunicorn), compressed and cacheable.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.access.SecurityHeadersMiddleware",
    # A NUL byte in a parameter is a 400 before anything reads the database (PostgreSQL refuses it in a query).
    "config.access.RefuseNulBytesMiddleware",
    # An upload declared larger than any batch may be is refused before its body is read (config/uploads.py).
    "config.uploads.UploadSizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: decides whether reading needs sign-in, once for every view.
    "config.access.ReadAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Lets the audit trail record who made a change from the signed-in user.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
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
            # GOV.UK Frontend components for every template: {% load govuk %} (config/govuk.py).
            "libraries": {"govuk": "config.govuk"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'trajectory.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    # A file, not memory, so a worker process in end-to-end tests can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "config.access.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "authorities:list"
LOGOUT_REDIRECT_URL = "authorities:list"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
# Static files in production (issue #6): run collectstatic, WhiteNoise serves STATIC_ROOT. Gzip/Brotli copies when
# not debugging; STATIC_MANIFEST=true also gives content-hashed names, cached for ever (off by default because
# hashed names need collectstatic to have run, which tests and `make run` skip).
if DEBUG:
    _static_storage = "django.contrib.staticfiles.storage.StaticFilesStorage"
elif env_bool("STATIC_MANIFEST", False):
    _static_storage = "whitenoise.storage.CompressedManifestStaticFilesStorage"
else:
    _static_storage = "whitenoise.storage.CompressedStaticFilesStorage"
# Uploaded documents, built exports and page pictures (issue #15): the MEDIA_ROOT folder by default, or an
# S3-compatible bucket (django-storages) when web processes and workers run on more than one machine. Either way the
# files are private: nothing serves MEDIA_URL, and the permission-checked views read them through the storage API.
TRAJECTORY_STORAGE = env_str("TRAJECTORY_STORAGE", "local").strip().lower()
STORAGES = {
    "default": file_storage(TRAJECTORY_STORAGE),
    "staticfiles": {"BACKEND": _static_storage},
}
# WhiteNoise warns at start-up when STATIC_ROOT is missing, as it is before the first collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Uploads: the limit applies per file and is checked again by the parser.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
UPLOAD_MAX_FILES = env_int("UPLOAD_MAX_FILES", 50)
UPLOAD_MAX_PAGES = env_int("UPLOAD_MAX_PAGES", 2000)
DATA_UPLOAD_MAX_NUMBER_FILES = UPLOAD_MAX_FILES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A file is counted as it arrives and skipped at UPLOAD_MAX_BYTES, rather than stored in full and refused after.
FILE_UPLOAD_HANDLERS = [
    "config.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Task queue
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    # Kombu's filesystem transport needs its folders to exist before the first message.
    for _folder in ("out", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
# Each document's text is extracted in a child process that may use this much memory on top of the worker's
# (inspections/parsing/bounded.py): a file built to unpack to gigabytes fails with a reason instead.
TRAJECTORY_PARSE_MAX_MEMORY_MB = env_int("TRAJECTORY_PARSE_MAX_MEMORY_MB", 1024)
# PDF libraries hold native memory; recycle worker processes now and then.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 200)
CELERY_TASK_ROUTES = {"improvement.briefings.tasks.*": {"queue": "exports"}}

# Security (production values; `manage.py check --deploy` runs clean with DEBUG off)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused form says that nothing was saved and what to do (Django's own page is technical, with inline style).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
# htmx sends the token from the page (hx-headers), so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# No inline script or style anywhere: scripts are files in static/js, htmx is configured not to inject styles
# or evaluate code (templates/base.html), and SVG charts use classes, not style attributes.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The page cache (config/page_cache.py): pages for readers who are not signed in, rendered once until what they show
# changes. In each web process's memory by default (bounded; pages are kept compressed, some 5-15 KB each); with
# several processes, TRAJECTORY_PAGE_CACHE_URL=redis://… shares one. Give it a Redis of its own, or one with a
# maxmemory policy: every distinct address asked for is kept, for up to TRAJECTORY_PAGE_CACHE_SECONDS.
TRAJECTORY_PAGE_CACHE = env_bool("TRAJECTORY_PAGE_CACHE", True)
# The fragment cache (config/fragment_cache.py): the parts of pages that are the same for every reader, kept in the
# same cache, so signed-in readers' pages are quick too.
TRAJECTORY_FRAGMENT_CACHE = env_bool("TRAJECTORY_FRAGMENT_CACHE", True)
TRAJECTORY_PAGE_CACHE_SECONDS = env_int("TRAJECTORY_PAGE_CACHE_SECONDS", 15 * 60)
_page_cache_url = env_str("TRAJECTORY_PAGE_CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _page_cache_url,
            "KEY_PREFIX": "trajectory",
        }
        if _page_cache_url
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("TRAJECTORY_PAGE_CACHE_ENTRIES", 2000)},
        }
    ),
}

# Reading: public (the default: the facts come from Ofsted's published reports) or, when false, only for
# signed-in people with a role. Uploading, reviewing, publishing and editing always need the Editor role.
TRAJECTORY_PUBLIC_READ = env_bool("TRAJECTORY_PUBLIC_READ", True)
TRAJECTORY_READ_PERMISSION = "authorities.view_authority"

# Failed sign-ins (django-axes): 5 failures for one username from one address pause sign-in for that pair
# for 15 minutes; a success clears the count. Attempts are kept in the database, shared by all web processes.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "config.access.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.access.client_ip"
# Quiet about every sign-in; config.access logs each lockout instead.
AXES_VERBOSE = False
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (0: use the connection's address).
TRAJECTORY_PROXY_COUNT = env_int("TRAJECTORY_PROXY_COUNT", 0)

# The shared reference material (boundaries for the map) lives outside the repo.
BOUNDARIES_PATH = env_str(
    "TRAJECTORY_BOUNDARIES", str(BASE_DIR.parent / "shared" / "reference" / "lad23_boundaries.geojson")
)

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "filters": {"without_traceback": {"()": "config.errors.WithoutTraceback"}},
    # django-axes logs every successful sign-in at INFO; lockouts are logged by config.access.
    # A request with a Host header not in ALLOWED_HOSTS is answered 400 and logged in one line.
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.security.DisallowedHost": {"level": "WARNING", "filters": ["without_traceback"]},
    },
}

# Faults (issue #6). Sending a task of a tracked job (config.jobs: parsing a document, building a briefing file)
# gives up after a few quick tries when the broker is down: the request is kept and the stale sweep sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
TRAJECTORY_ENQUEUE_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Redis hands a message its worker never acknowledged (killed) to another worker after
    # visibility_timeout; it must exceed the hard time limit or a running parse would be delivered twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_TASK_TIME_LIMIT + 300,
        "socket_connect_timeout": 3,
    }
# The sweep of tracked jobs (config.jobs.sweep; one beat entry for documents, one for briefing files): QUEUED longer
# than this → task sent again; running (parsing, building) longer than the hard time limit plus the grace → queued
# again, FAILED after the max attempts (documents' and briefing files' alike, despite the setting's name).
TRAJECTORY_SWEEP_QUEUED_AFTER = env_int("TRAJECTORY_SWEEP_QUEUED_AFTER", 600)
TRAJECTORY_SWEEP_GRACE = 60
TRAJECTORY_PARSE_MAX_ATTEMPTS = env_int("TRAJECTORY_PARSE_MAX_ATTEMPTS", 3)
# New reports from Ofsted's site (inspections.ofsted_sync): `manage.py sync_ofsted`, and daily under Celery beat.
# Polite by default: one request a second at most (retries included), a timeout, a few retries with growing waits,
# and a User-Agent naming the service and, with OFSTED_SYNC_CONTACT, who runs it.
OFSTED_REPORTS_URL = env_str("OFSTED_REPORTS_URL", "https://reports.ofsted.gov.uk").rstrip("/")
OFSTED_FILES_URL = env_str("OFSTED_FILES_URL", "https://files.ofsted.gov.uk").rstrip("/")
OFSTED_SYNC_CONTACT = env_str("OFSTED_SYNC_CONTACT", "")
OFSTED_SYNC_INTERVAL = env_int("OFSTED_SYNC_INTERVAL_MS", 1000) / 1000  # seconds between two requests, at least
OFSTED_SYNC_TIMEOUT = env_int("OFSTED_SYNC_TIMEOUT", 30)
OFSTED_SYNC_RETRIES = env_int("OFSTED_SYNC_RETRIES", 3)
OFSTED_SYNC_BACKOFF = env_int("OFSTED_SYNC_BACKOFF_MS", 2000) / 1000  # the first retry's wait; doubled each time
OFSTED_SYNC_HOUR = env_int("OFSTED_SYNC_HOUR", 7)
# Publish a fetched document without review when every value was read with at least this confidence. Off: an
# editor reviews every document, as for an upload.
OFSTED_AUTO_PUBLISH = env_bool("OFSTED_AUTO_PUBLISH", False)
OFSTED_AUTO_PUBLISH_CONFIDENCE = env_int("OFSTED_AUTO_PUBLISH_CONFIDENCE_PERCENT", 90) / 100

CELERY_BEAT_SCHEDULE = {
    "sweep-stale-documents": {
        "task": "inspections.tasks.sweep_stale_documents",
        "schedule": env_int("TRAJECTORY_SWEEP_EVERY", 180),
    },
    "sync-ofsted": {
        "task": "inspections.tasks.sync_ofsted",
        "schedule": crontab(hour=OFSTED_SYNC_HOUR, minute=15),
    },
    "sweep-stale-exports": {  # the same for briefing files
        "task": "improvement.briefings.tasks.sweep_stale_exports",
        "schedule": env_int("TRAJECTORY_SWEEP_EVERY", 180),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Email: followers of an authority hear of its new documents. Printed to the console under DEBUG (`make run`);
# otherwise sent by SMTP to EMAIL_HOST.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "trajectory@localhost")
TRAJECTORY_SITE_URL = env_str("TRAJECTORY_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Briefing exports: WeasyPrint warns about every GOV.UK Frontend rule it cannot use (media queries, box-shadow);
# only its errors are worth logging.
LOGGING["loggers"] = {**LOGGING.get("loggers", {}), "weasyprint": {"level": "ERROR"}}
