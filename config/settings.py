"""Maillage settings: one file, driven by environment variables.

Unset variables give the zero-setup demo: SQLite and Celery's filesystem broker
under ``var/``. Set DATABASE_URL and REDIS_URL for PostgreSQL and Redis.
"""

import datetime as dt
import email.utils
import re
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime folders: the SQLite file, uploads, collected static files, the demo mailbox,
# the broker. Named here, created by the programs that use them (config/folders.py).
VAR_DIR = Path(environ.Env().str("MAILLAGE_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY est obligatoire hors DEBUG : définissez la variable d'environnement."
        )
    SECRET_KEY = "insecure-dev-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The site's own origin is trusted for forms: behind a TLS proxy the browser's Origin is
# https://… while the request reached Django over http.
_SITE_ORIGIN = "/".join(SITE_URL.split("/")[:3])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[_SITE_ORIGIN])

# HTTPS: everything below follows SITE_URL, each can be set on its own (README).
HTTPS = SITE_URL.startswith("https://")
# The TLS proxy in front says the browser used https. Only safe when the proxy sets this
# header itself and drops any value the client sent.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=HTTPS) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
# A load balancer probes the health report over plain http, on the server itself.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    # Django's admin on Maillage's site: administrators only (core/admin_site.py).
    "core.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's widget templates, for the renderer below.
    "django.forms",
    "simple_history",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI and Redoc served from our static files, never a CDN.
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "core",
    "partners",
    "purchases",
    "conventions",
    "actions",
    "tasks",
    # Last: the demo data may import every app above.
    "demo",
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
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Widgets render with the project's templates (the autocomplete's is templates/core/widgets/); a
# select with the same options is rendered once per process (core/forms.py).
FORM_RENDERER = "core.forms.FormRenderer"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'maillage.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Worker, beat and web server share the file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # A file, not memory, so the Celery workers that the integration tests start see it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-maillage.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with each user's permissions cached: a page checks them without a query.
    "core.auth.CachedPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Lock out for an hour after 5 failed logins on one account (from any address) or from one
# address (on any account): neither many guesses at one account nor one guess at each.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Large enough for a 40-page scan at 300 dpi, small enough to refuse a mistaken video.
DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only Maillage's own, vendored files; no inline script
# or style, no plug-ins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Maillage <noreply@maillage.localhost>")
# Where the accessibility statement (/accessibilite/) sends users who cannot reach a content;
# by default the address Maillage mails from.
ACCESSIBILITY_CONTACT_EMAIL = (
    env.str("ACCESSIBILITY_CONTACT_EMAIL", default="")
    or email.utils.parseaddr(DEFAULT_FROM_EMAIL)[1]
)

# Reminders (tasks/services/planner.py and sender.py); each tunable is named here only.
# Reminders are mailed from this local hour of their day (not at midnight).
REMINDERS_SEND_FROM = dt.time.fromisoformat(env.str("REMINDERS_SEND_FROM", default="07:00"))
# A claim older than this is taken over: its sender died before marking its mails sent.
REMINDERS_CLAIM_SECONDS = env.int("REMINDERS_CLAIM_SECONDS", default=600)
REMINDERS_CLAIM_BATCH = env.int("REMINDERS_CLAIM_BATCH", default=50)
# Retries of a refused or unreachable SMTP server: 1, 2, 4, 8 minutes, then failed.
# Digests give up after as many attempts.
REMINDERS_MAX_ATTEMPTS = env.int("REMINDERS_MAX_ATTEMPTS", default=5)
REMINDERS_RETRY_SECONDS = env.int("REMINDERS_RETRY_SECONDS", default=60)
# A digest is due from the user's chosen time for this long (the job runs every 5 min); past
# it, as after a start-up later in the day, the next digest waits for tomorrow's chosen time.
DIGESTS_SEND_WITHIN_MINUTES = env.int("DIGESTS_SEND_WITHIN_MINUTES", default=60)
# /sante/ reports beat as late when the planner (every 2 min) has not run for this long,
# and reminders as late when one has been due this long unsent (the sender runs every minute).
HEALTH_BEAT_LATE_SECONDS = env.int("HEALTH_BEAT_LATE_SECONDS", default=600)
HEALTH_REMINDER_LATE_SECONDS = env.int("HEALTH_REMINDER_LATE_SECONDS", default=900)

# GDPR retention (partners.jobs.retention_apply, daily): contacts with no change and no journal
# entry for this many years are flagged for review; unconfirmed import files go after a day,
# committee-report batches (ZIP) after a week.
RETENTION_INACTIVE_YEARS = env.int("RETENTION_INACTIVE_YEARS", default=3)
RETENTION_IMPORT_HOURS = 24
RETENTION_BATCH_DAYS = 7
# A finished export's file is kept this long for its download, then deleted.
RETENTION_EXPORT_DAYS = 7

# The API (/api/v1/, core/api/): personal tokens or the session, the screens' permissions,
# cursor pages on the lists' keyset, French errors, a rate per token.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.MaillageAutoSchema",
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RolePermissions"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.KeysetPagination",
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.TokenRateThrottle"],
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Requests per token (or per signed-in user, or per address), "<n>/<second|minute|hour|day>".
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="1200/hour")
# A new token lives this many days unless its holder chooses (at most API_TOKEN_MAX_DAYS).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
SPECTACULAR_SETTINGS = {
    "TITLE": "API Maillage",
    "DESCRIPTION": (
        "Les ressources de Maillage, avec les mêmes droits, contrôles et messages que les "
        "écrans. Authentification : « Authorization: Token <jeton> » (page « Jetons d'API »). "
        "Listes paginées par curseur (`apres`, `avant`). Modification : en-tête If-Match "
        "avec la version lue (ETag), 412 si quelqu'un a modifié entre-temps."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    # Links from each creation to what its new id opens (schemathesis follows them).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_links",
    ],
}

# Celery. Without REDIS_URL, the filesystem broker runs the demo on one machine.
REDIS_URL = env.str("REDIS_URL", default="")
# Several Maillage instances (or the test suite's parallel workers) can share one Redis
# database: each names its keys, the broker's queues included, after its own prefix.
REDIS_PREFIX = env.str("MAILLAGE_REDIS_PREFIX", default="maillage")
CELERY_BROKER_FOLDER = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Above the longest job's hard limit, so a running job is never redelivered.
        "visibility_timeout": 3600,
    }
    if REDIS_PREFIX != "maillage":
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = f"{REDIS_PREFIX}:"
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # kombu does not create these and resolves them from the working directory.
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "store_processed": False,
        "polling_interval": 0.5,
    }
# The cache holds small, rarely changing lists (permissions, filter choices: core/cached.py)
# so a list page costs five queries. Shared through Redis between every process when
# there is one; without it, each process keeps its own for at most core.cached.TIMEOUT.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Celery spells a Unix socket "redis+socket://PATH"; redis-py, "unix://PATH".
            "LOCATION": re.sub(r"^redis\+socket://", "unix://", REDIS_URL),
            "KEY_PREFIX": f"{REDIS_PREFIX}-cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A long job's progress (core/jobs.py), read by the web processes while the job's own
# transaction is still open: Redis when there is one, else files every process shares.
CACHES["jobs"] = (
    {**CACHES["default"], "KEY_PREFIX": f"{REDIS_PREFIX}-jobs"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "jobs"),
    }
)
# Results are not read back: jobs write their outcome to the database.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A job is acknowledged only once done, and requeued if its worker dies mid-way;
# jobs are idempotent, so a rerun is harmless where a loss would not be.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 600
CELERY_TASK_TIME_LIMIT = 900
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")


def _beat(task: str, every: float, expires: float) -> dict:
    return {"task": task, "schedule": every, "options": {"expires": expires}}


# The whole beat schedule. Every job here is safe to run twice (two beats, a
# retried message): what it does is derived from the data and keyed uniquely.
# Expiry drops a tick no worker picked up in time: the next tick does the same work.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Derive the reminders owed from tasks, actions and conventions (unique keys).
    "reminders-plan": _beat("tasks.reminders_plan", 120.0, 110),
    # Claim the due reminders and mail them, one mail per recipient.
    "reminders-send": _beat("tasks.reminders_send", 60.0, 55),
    # Conventions whose start or end date has come: activate, expire or renew tacitly.
    "conventions-advance": _beat("conventions.conventions_advance", 3600.0, 3500),
    # GDPR retention: old import files and batches deleted, inactive contacts flagged.
    "retention-apply": _beat("partners.retention_apply", 3600.0, 3500),
    "report-batches-purge": _beat("conventions.report_batches_purge", 3600.0, 3500),
    # Each user's digest at their own time (07:30 by default), once a day.
    "digests-send": _beat("tasks.digests_send", 300.0, 290),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
