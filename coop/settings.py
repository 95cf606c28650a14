"""One settings module, configured from the environment (or a `.env` file beside manage.py).

Nothing secret lives here: SECRET_KEY must come from the environment. `make run` writes a local
`.env` with a freshly generated key for development; production sets real values (see docs/operations.md).
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Run `make run` once (it writes a development .env), "
        "or export SECRET_KEY; see docs/operations.md."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "coop.apps.CoopAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "import_export",
    "pgtrigger",
    "django_tasks_db",  # before coop.jobs, whose admin replaces this one's
    "coop.apps.CoopConfig",
    "coop.jobs",
    "members",
    "finance",
    "finance.bankloan",
    "finance.fund",
    "projects",
    "services",
    "distribution",
    "county_summary",
    "disclosure",
    "supervision",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "coop.doors.RequestDoorMiddleware",  # outside the request's transaction: the breach log writes after it
    "coop.transactions.AtomicUnsafeRequestsMiddleware",  # last: it calls the view (see its docstring)
]

ROOT_URLCONF = "coop.urls"
WSGI_APPLICATION = "coop.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Not ATOMIC_REQUESTS: coop.transactions wraps only unsafe methods, so a GET never holds SQLite's write lock.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the single-machine default serve several clerks at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # The ledger's covering index (VoucherLine: ledger, account, voucher INCLUDE side, amount) is a PostgreSQL
    # speed-up; on SQLite it is a plain index on the key columns, which is all the single-machine default needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    # The attempted-breach log writes each refusal through a connection of its own, committed at once, so the
    # refused transaction's rollback cannot take it along (supervision.breaches). SQLite has one writer: there the
    # log waits for the request's transaction to end instead.
    DATABASES["breaches"] = {**DATABASES["default"]}
BREACH_LOG_DATABASE = "breaches"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "coop.User"
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
LOGIN_URL = "admin:login"

# django-axes: lock a username from one address after repeated failures, for a finite time.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "coop.security.client_ip"
AXES_ENABLE_ADMIN = False  # coop registers its own scoped, read-only admin for the attempts
AXES_LOCKOUT_TEMPLATE = "coop/locked_out.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))

# Bank reconciliation: a statement line and a book line match automatically only this many days apart.
BANK_MATCH_DAYS = env.int("BANK_MATCH_DAYS", default=3)

# Sessions: a working day, not two weeks, for an admin that moves money.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Production hardening: on by default whenever DEBUG is off, so `check --deploy` is clean.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating reverse proxy: trust its scheme header, and take the client address for login
# throttling from X-Forwarded-For, PROXY_COUNT entries from the right (see coop/security.py).
PROXY_COUNT = 0
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    PROXY_COUNT = env.int("PROXY_COUNT", default=1)

# Content Security Policy with Django's own middleware, enforced: the admin runs only same-origin scripts (no
# inline script or event handler anywhere in the templates) and styles. Report-only mode exists to try a policy
# change on a development machine (DEBUG and CSP_REPORT_ONLY both on); production always enforces.
_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
if env.bool("CSP_REPORT_ONLY", default=False):
    if not DEBUG:
        raise ImproperlyConfigured(
            "CSP_REPORT_ONLY is for development only (with DEBUG on); production enforces the CSP. "
            "See docs/operations.md."
        )
    SECURE_CSP_REPORT_ONLY = _CSP
else:
    SECURE_CSP = _CSP

# django-import-export: the admin's own rights decide (coop.access); formulae escaped on export;
# the file between preview and confirm lives in the cache-independent media storage so that
# several application servers can share it.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"

# Background work (Django's Tasks API): tasks are rows in the database, run by `manage.py db_worker` beside the
# web server (`make run`; a systemd unit in production, docs/operations.md). A report job with no progress for
# COOP_JOB_STALE_MINUTES counts as failed and may be retried.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    },
}
COOP_JOB_STALE_AFTER = timedelta(minutes=env.int("COOP_JOB_STALE_MINUTES", default=10))
# A stale job runs again automatically until it has run this many times, then it is marked failed (jobs --sweep).
COOP_JOB_MAX_ATTEMPTS = env.int("COOP_JOB_MAX_ATTEMPTS", default=2)
# A finished report's file is deleted this many days after it was made (`manage.py jobs --remove-old-files`).
COOP_JOB_KEEP_FILES = timedelta(days=env.int("COOP_JOB_KEEP_FILES_DAYS", default=30))

# Uploaded files (voucher scans, Excel imports): refuse anything oversized before it reaches a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

COOP_SITE_SUFFIX = _("村级扶贫互助合作社管理系统")

# History is for reading (R3): reverting through it would bypass the operations that check the rules.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
