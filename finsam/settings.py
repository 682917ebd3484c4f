"""Settings for the FINSAM registry.

Everything comes from the environment, with defaults that run on a bare machine
(SQLite, Celery eager). `manage.py check --deploy` refuses the development defaults.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Development defaults. They are deliberately recognisable so that the deploy
# check (finsam.checks) can refuse them.
DEV_SECRET_KEY = "django-insecure-dev-only-finsam-registry-change-me"
DEV_FIELD_KEY = "dev-only-finsam-field-key-change-me"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# Key for encrypting personal identifiers (personnummer, names) and for the keyed
# hash used for exact lookup. Several keys separated by commas: the first encrypts,
# all decrypt (rotation). The hash always uses the first key.
FINSAM_FIELD_KEYS = env_list("FINSAM_FIELD_KEY", DEV_FIELD_KEY)
FINSAM_RETENTION_YEARS = int(os.environ.get("FINSAM_RETENTION_YEARS", "5"))
FINSAM_TERTIAL_DEADLINE_DAYS = int(os.environ.get("FINSAM_TERTIAL_DEADLINE_DAYS", "15"))
FINSAM_REMINDER_DAYS_BEFORE = int(os.environ.get("FINSAM_REMINDER_DAYS_BEFORE", "7"))
# The site's own address, for the links in e-mails (read outside the site, so absolute).
# Development: the address `make run` serves; production must set it (finsam.checks).
FINSAM_SITE_URL = os.environ.get("FINSAM_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# Uploads with more rows than this are checked and written by a Celery worker, with progress.
FINSAM_IMPORT_SYNC_MAX_ROWS = int(os.environ.get("FINSAM_IMPORT_SYNC_MAX_ROWS", "2000"))
# An uploaded file never confirmed or cancelled is deleted after this many days (by the purge).
FINSAM_UPLOAD_RETENTION_DAYS = int(os.environ.get("FINSAM_UPLOAD_RETENTION_DAYS", "7"))
FINSAM_SUPPRESS_BELOW = 5
# The board's figures of a calendar year are published (frozen, stats.Publication) at its first
# request once the year ended this many days ago; kansli can publish earlier (README).
FINSAM_BOARD_PUBLISH_AFTER_DAYS = int(os.environ.get("FINSAM_BOARD_PUBLISH_AFTER_DAYS", "60"))
# Where the accessibility statement sends reports of barriers and requests for accessible copies.
FINSAM_CONTACT_EMAIL = os.environ.get("FINSAM_CONTACT_EMAIL", "tillganglighet@finsam.invalid")
# Case tracking: an open spell without a contact for this many days is on the worklist; the
# follow-ups after exit fall due these many months after the end date, and stay on the
# worklist this many days past that date.
FINSAM_NO_CONTACT_DAYS = int(os.environ.get("FINSAM_NO_CONTACT_DAYS", "30"))
FINSAM_FOLLOWUP_MONTHS = tuple(sorted({int(m) for m in env_list("FINSAM_FOLLOWUP_MONTHS", "6,12")}))
FINSAM_FOLLOWUP_WINDOW_DAYS = int(os.environ.get("FINSAM_FOLLOWUP_WINDOW_DAYS", "90"))
# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed:
# the change log, the access log and the login throttling all take the client's address from
# finsam.clientip, which reads the header only from these. Empty: the connecting address.
FINSAM_TRUSTED_PROXIES = env_list("FINSAM_TRUSTED_PROXIES", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "import_export",
    "finsam.app_names.ChangeLogConfig",  # auditlog, with a Swedish name in the admin
    "finsam.app_names.LoginAttemptsConfig",  # axes
    "csp",
    "django_otp",
    "finsam.app_names.SecondFactorConfig",  # django_otp.plugins.otp_totp
    "finsam.app_names.ScheduleConfig",  # django_celery_beat
    "finsam",
    "accounts",
    "interventions",
    "participants",
    "reports",
    "stats",
    "exchange",
    "tertials",
    "pathways",
    "cases",
    "audit",
    "national_followup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise: every response but the static files is marked no-store.
    "accounts.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "audit.middleware.ChangeLogMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "finsam.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.role_context",
            ],
        },
    },
]

WSGI_APPLICATION = "finsam.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A busy timeout keeps concurrent requests (and the dev server with a worker) from
    # failing on "database is locked"; WAL lets readers go on while one writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        # secure_delete: what an UPDATE or DELETE frees is overwritten, so the retention purge
        # leaves no old value in the file's free space.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Sessions end after two hours of inactivity and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_AGE", str(2 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Login throttling (django-axes): five failures lock the user name from that address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "finsam.clientip.client_ip"  # the same address as both logs

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = None

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("FINSAM_MEDIA_ROOT", BASE_DIR / "media"))

# Celery: eager in-process unless a broker is configured.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 55 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {
    # Tertial report reminders (before the deadline, overdue, missed submission notices).
    "tertial-reminders": {"task": "tertials.send_reminders", "schedule": crontab(hour=6, minute=30)},
    # Case tracking: e-mail to whoever has something overdue on the worklist (once per item).
    "case-reminders": {"task": "cases.send_reminders", "schedule": crontab(hour=6, minute=45)},
    # Retention: identity removed FINSAM_RETENTION_YEARS after a person's last spell ended.
    "purge-personal-data": {"task": "participants.purge_personal_data", "schedule": crontab(hour=2, minute=15)},
    # The board's figures: publish each year once its grace period is over (stats.publication).
    "publish-board-years": {"task": "stats.publish_board_years", "schedule": crontab(hour=3, minute=15)},
}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "registret@finsam.invalid")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
if os.environ.get("DJANGO_EMAIL_FILE_PATH"):  # for django.core.mail.backends.filebased.EmailBackend
    EMAIL_FILE_PATH = os.environ["DJANGO_EMAIL_FILE_PATH"]

# Audit trail (django-auditlog): who, what, when and from where.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Content Security Policy (django-csp 4): only our own scripts and styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

DJANGO_TABLES2_TEMPLATE = "tables/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
