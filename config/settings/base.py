"""Settings shared by every environment. Everything that differs between councils or
machines comes from an environment variable, so one build serves them all."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SCRUTINY_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # WhiteNoise serves static files under runserver too, as it does in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_guid",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "scrutiny.core",
    "scrutiny.people",
    "scrutiny.committees",
    "scrutiny.reviews",
    "scrutiny.reports",
    "scrutiny.reminders",
    "scrutiny.alerts",
    "scrutiny.imports",
    "scrutiny.search",
    "scrutiny.api",
    "scrutiny.demo",
    "scrutiny.site",
]

MIDDLEWARE = [
    # First, so every log record of the request, and its response, carry its id.
    "django_guid.middleware.guid_middleware",
    "scrutiny.core.proxy.RealClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before sessions or the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "scrutiny.core.page_cache.PrivateWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "scrutiny.core.security.ContentSecurityPolicyMiddleware",
    # Gives a browser the device cookie its sign-in earned (scrutiny.people.device_cookies).
    "scrutiny.people.device_cookies.DeviceCookieMiddleware",
    # Last, so it sees a locked-out sign-in's response and answers it (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "scrutiny.core.context_processors.council",
            ],
        },
    },
]

# Connections are kept between requests; each is checked before a request reuses it, so
# that after the database restarts no process answers its next request with an error.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'scrutiny.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# The embedded default, SQLite, is written by the web process and the worker at once. WAL
# lets readers carry on beside a writer. IMMEDIATE takes the write lock when a transaction
# begins: a deferred one that reads and then writes fails at once with "database is locked"
# when another process wrote in between, whatever the timeout. The timeout is how long a
# writer waits for the lock before failing.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("SCRUTINY_SQLITE_TIMEOUT_SECONDS", "20")),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One throttle for every sign-in path (the site's form and /admin/login/): django-axes
# refuses to try a password while a wait is in force, following the council's policy in
# scrutiny.people.lockout (docs/security.md, "Guessing passwords"). Axes' backend must come
# first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failures before a wait: one username from one address (or in a browser holding that
# username's device cookie), one username from every address, one address for every name.
SCRUTINY_SIGN_IN_MAX_FAILURES = int(os.environ.get("SCRUTINY_SIGN_IN_MAX_FAILURES", "5"))
SCRUTINY_SIGN_IN_MAX_FAILURES_PER_USERNAME = int(
    os.environ.get("SCRUTINY_SIGN_IN_MAX_FAILURES_PER_USERNAME", "10")
)
SCRUTINY_SIGN_IN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("SCRUTINY_SIGN_IN_MAX_FAILURES_PER_ADDRESS", "20")
)
# The first wait, doubled by each further failure up to the longest; from the last failure.
SCRUTINY_SIGN_IN_FIRST_WAIT_SECONDS = int(
    os.environ.get("SCRUTINY_SIGN_IN_FIRST_WAIT_SECONDS", "60")
)
SCRUTINY_SIGN_IN_LONGEST_WAIT_SECONDS = int(
    os.environ.get("SCRUTINY_SIGN_IN_LONGEST_WAIT_SECONDS", "3600")
)
# Failures are forgotten this long after the last of them.
SCRUTINY_SIGN_IN_FORGET_FAILURES_SECONDS = int(
    os.environ.get("SCRUTINY_SIGN_IN_FORGET_FAILURES_SECONDS", str(24 * 60 * 60))
)
# How long a browser's device cookie lasts after its last sign-in (scrutiny.people.device_cookies).
SCRUTINY_SIGN_IN_DEVICE_COOKIE_DAYS = int(
    os.environ.get("SCRUTINY_SIGN_IN_DEVICE_COOKIE_DAYS", "180")
)
# The emailed unlock link works this long; an account gets at most one such email this often.
SCRUTINY_SIGN_IN_UNLOCK_LINK_SECONDS = int(
    os.environ.get("SCRUTINY_SIGN_IN_UNLOCK_LINK_SECONDS", "3600")
)
SCRUTINY_SIGN_IN_UNLOCK_EMAIL_EVERY_SECONDS = int(
    os.environ.get("SCRUTINY_SIGN_IN_UNLOCK_EMAIL_EVERY_SECONDS", "300")
)
# Setting a password by an emailed link (scrutiny.people.passwords): an invitation to a new
# account works for this many days, a password reset for this many seconds; an account gets
# at most one reset email this often.
SCRUTINY_INVITATION_DAYS = int(os.environ.get("SCRUTINY_INVITATION_DAYS", "7"))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("SCRUTINY_PASSWORD_RESET_LINK_SECONDS", "3600"))
SCRUTINY_PASSWORD_RESET_EMAIL_EVERY_SECONDS = int(
    os.environ.get("SCRUTINY_PASSWORD_RESET_EMAIL_EVERY_SECONDS", "300")
)
AXES_HANDLER = "scrutiny.people.lockout.SignInThrottleHandler"
# Three counts, in the order the handler reads them: the pair, the username, the address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_FAILURE_LIMIT = 1  # the handler counts 1 while a wait is in force (see its docstring)
AXES_COOLOFF_TIME = "scrutiny.people.lockout.failures_remembered"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # trying while waiting does not extend it
AXES_USERNAME_CALLABLE = "scrutiny.people.lockout.normalised_username"
# The connection's own address only: a client's X-Forwarded-For is never trusted.
AXES_CLIENT_IP_CALLABLE = "scrutiny.people.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "scrutiny.site.staff.accounts.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure kept, as well as the counts
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # registered by scrutiny.people.admin: read-only or audited

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `manage.py collectstatic` gathers them for WhiteNoise to serve in production.
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
# Stored files on the filesystem (the default), and the imports' pending uploads always.
MEDIA_ROOT = Path(os.environ.get("SCRUTINY_MEDIA_ROOT", VAR_DIR / "media"))


def file_storage() -> dict:
    """Where documents, evidence files and issued reports are kept: `filesystem` (under
    MEDIA_ROOT) or `s3` (a bucket of any store speaking the S3 API, through
    django-storages). Files are only ever read through the application, which checks who
    may have them (scrutiny.core.downloads): the bucket must not be public, and addresses
    it gives out (none today) would be signed and short-lived."""
    kind = os.environ.get("SCRUTINY_STORAGE", "filesystem").strip().lower()
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"SCRUTINY_STORAGE must be filesystem or s3, not {kind!r}.")
    bucket = os.environ.get("SCRUTINY_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("SCRUTINY_STORAGE=s3 needs SCRUTINY_S3_BUCKET.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Empty for Amazon S3 itself; e.g. https://s3.example.net for another store.
            "endpoint_url": os.environ.get("SCRUTINY_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("SCRUTINY_S3_REGION") or None,
            # Empty: boto3 finds credentials itself (instance role, ~/.aws).
            "access_key": os.environ.get("SCRUTINY_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("SCRUTINY_S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": os.environ.get("SCRUTINY_S3_ADDRESSING_STYLE") or None,
            "location": os.environ.get("SCRUTINY_S3_PREFIX", "").strip("/"),
            "file_overwrite": False,  # a new upload never replaces a stored file
            "default_acl": None,  # the bucket's own (private) policy
            "querystring_auth": True,
            # A file read back is held in memory up to this size, then in a temporary file.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }


STORAGES = {
    "default": file_storage(),
    # Plain names here (tests, `make run`); production hashes them (config.settings.production).
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def x_accel_redirect(storage: dict) -> str:
    """Downloads handed to nginx: its internal location serving MEDIA_ROOT (e.g.
    "/_stored_files/", deploy/nginx/scrutiny.conf). Empty: the application streams them."""
    prefix = os.environ.get("SCRUTINY_X_ACCEL_REDIRECT", "").strip()
    if not prefix:
        return ""
    if storage["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        raise ImproperlyConfigured(
            "SCRUTINY_X_ACCEL_REDIRECT hands nginx files from SCRUTINY_MEDIA_ROOT; with "
            "SCRUTINY_STORAGE=s3 the application streams them: leave it empty."
        )
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ImproperlyConfigured(
            "SCRUTINY_X_ACCEL_REDIRECT is nginx's internal location, starting and ending "
            f"with a slash (e.g. /_stored_files/), not {prefix!r}."
        )
    return prefix


SCRUTINY_X_ACCEL_REDIRECT = x_accel_redirect(STORAGES["default"])

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "site:home"

SESSION_COOKIE_AGE = int(os.environ.get("SCRUTINY_SESSION_SECONDS", str(8 * 60 * 60)))
# Behind nginx every connection comes from nginx: the addresses of the proxies whose
# X-Real-IP header gives the client's address (scrutiny.core.proxy), e.g. 127.0.0.1.
# Empty (the default): the connection's own address, and no header is believed.
SCRUTINY_TRUSTED_PROXIES = env_list("SCRUTINY_TRUSTED_PROXIES")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "scrutiny.site.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"

# The page cache. Anonymous public pages and API answers are kept here, keyed on the
# versions of the record they show (docs/architecture.md, "Caching"). Redis when several
# processes serve the site (`redis://127.0.0.1:6379/1`); each process's memory otherwise.
SCRUTINY_CACHE_URL = os.environ.get("SCRUTINY_CACHE_URL", "").strip()
if SCRUTINY_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": SCRUTINY_CACHE_URL,
            "KEY_PREFIX": os.environ.get("SCRUTINY_CACHE_PREFIX", "scrutiny"),
        },
        # Each process also keeps the pages it serves most, sparing a hit the round trip.
        "near": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "scrutiny-near",
            "OPTIONS": {"MAX_ENTRIES": 200},
        },
    }
    # Sessions are read from the shared cache (sparing each signed-in request a query) and
    # written through to the database, so a restarted Redis signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "scrutiny",
            "OPTIONS": {"MAX_ENTRIES": 500},  # pages, in each process's memory
        }
    }
# How long a cached page may be kept at most; 0 turns the page cache off.
SCRUTINY_PAGE_CACHE_SECONDS = int(os.environ.get("SCRUTINY_PAGE_CACHE_SECONDS", "300"))
# On PostgreSQL each process keeps the record's versions in memory, kept current by
# LISTEN/NOTIFY, so a cache hit needs no query (scrutiny.core.version_listener).
SCRUTINY_VERSION_LISTENER = env_bool("SCRUTINY_VERSION_LISTENER", True)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The background worker (`manage.py worker`, scrutiny.core.worker) records a heartbeat at
# most this often while it waits for tasks, and whenever a task starts or ends.
SCRUTINY_WORKER_HEARTBEAT_SECONDS = int(os.environ.get("SCRUTINY_WORKER_HEARTBEAT_SECONDS", "30"))
# Not seen for this long: the dashboard and /readyz say the worker has stopped.
SCRUTINY_WORKER_STALE_SECONDS = int(os.environ.get("SCRUTINY_WORKER_STALE_SECONDS", "600"))
# Not seen for this long, a process elsewhere (another machine) is taken as gone, and the
# work it had taken on (a task, an email being sent) as lost (scrutiny.core.processes).
SCRUTINY_WORKER_LOST_SECONDS = int(os.environ.get("SCRUTINY_WORKER_LOST_SECONDS", "3600"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
# A relay that needs signing in: its user and password, and STARTTLS (usually port 587)
# or TLS from the start (usually port 465), not both.
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set one of EMAIL_USE_TLS (STARTTLS, usually port 587) and EMAIL_USE_SSL (TLS from "
        "the start, usually port 465), not both."
    )
# Seconds to wait on the relay before a send fails (and is tried again later).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "scrutiny@council.example")

# The council this installation serves.
COUNCIL_NAME = os.environ.get("SCRUTINY_COUNCIL_NAME", "Example Borough Council")
# The licence the open data (the JSON API) is published under, as the open-data page names it.
OPEN_DATA_LICENCE = os.environ.get("SCRUTINY_OPEN_DATA_LICENCE", "Open Government Licence v3.0")
OPEN_DATA_LICENCE_URL = os.environ.get(
    "SCRUTINY_OPEN_DATA_LICENCE_URL",
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
)
COUNCIL_CONSTITUTION_PUBLICATION_REFERENCE = os.environ.get(
    "SCRUTINY_CONSTITUTION_REFERENCE", "Part 4.5.17(4) of the Council's Constitution"
)
# Months the executive has to respond to a scrutiny report.
EXECUTIVE_RESPONSE_MONTHS = int(os.environ.get("SCRUTINY_EXECUTIVE_RESPONSE_MONTHS", "2"))

# Logs go to standard error (systemd's journal keeps them; standard output stays for what
# commands print, e.g. `--json`), one line a record: plain text (`text`, the default here)
# or JSON (`json`, production's default), each with its request's id (below).
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")


def logging_config(log_format: str) -> dict:
    if log_format not in {"text", "json"}:
        raise ImproperlyConfigured(f"SCRUTINY_LOG_FORMAT must be text or json, not {log_format!r}.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {
                "()": "django_guid.log_filters.CorrelationId",
                "correlation_id_field": "request_id",
            }
        },
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": ["levelname", "name", "message", "request_id"],
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": LOG_LEVEL},
        "loggers": {
            # WeasyPrint and fontTools narrate every PDF they build at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            # Axes narrates every sign-in at INFO; failures and lockouts stay at WARNING.
            "axes": {"level": "WARNING"},
            # django-guid says at INFO whether each request came with an id.
            "django_guid": {"level": "WARNING"},
        },
    }


LOGGING = logging_config(os.environ.get("SCRUTINY_LOG_FORMAT", "text").strip().lower())

# Each request's id, in every log record written while it is answered and in its
# response's X-Request-ID header: nginx's (it sends X-Request-ID, deploy/nginx), or one
# made here. A header that is not a 32-digit hex id is replaced, so logs hold no client text.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}

# The accessibility statement (public sector model wording).
COUNCIL_ACCESSIBILITY_EMAIL = os.environ.get("SCRUTINY_ACCESSIBILITY_EMAIL", "")
COUNCIL_ACCESSIBILITY_PHONE = os.environ.get("SCRUTINY_ACCESSIBILITY_PHONE", "")
ACCESSIBILITY_STATEMENT_PREPARED = os.environ.get("SCRUTINY_ACCESSIBILITY_STATEMENT_PREPARED", "")
ACCESSIBILITY_LAST_TESTED = os.environ.get("SCRUTINY_ACCESSIBILITY_LAST_TESTED", "")
ACCESSIBILITY_TESTED_BY = os.environ.get("SCRUTINY_ACCESSIBILITY_TESTED_BY", "")
ACCESSIBILITY_COMPLIANCE = os.environ.get("SCRUTINY_ACCESSIBILITY_COMPLIANCE", "partial")

# Reminders to recommendation owners before a monitoring report's papers deadline.
SCRUTINY_SITE_URL = os.environ.get("SCRUTINY_SITE_URL", "http://127.0.0.1:8000")
SCRUTINY_FIRST_REMINDER_DAYS = int(os.environ.get("SCRUTINY_FIRST_REMINDER_DAYS", "28"))
SCRUTINY_SECOND_REMINDER_DAYS = int(os.environ.get("SCRUTINY_SECOND_REMINDER_DAYS", "14"))
# Where notices go for a committee with no scrutiny officer (or one with no email address).
SCRUTINY_REMINDERS_FALLBACK_EMAIL = os.environ.get("SCRUTINY_REMINDERS_FALLBACK_EMAIL", "")
# When the daily reminder run happens, in TIME_ZONE (the council's local time).
SCRUTINY_REMINDERS_RUN_AT = os.environ.get("SCRUTINY_REMINDERS_RUN_AT", "07:00")
# An email the mail server could not take is tried this many times in a run, pausing
# SCRUTINY_EMAIL_RETRY_SECONDS, then twice that, and so on, while the failure is temporary
# (no connection, a 4xx answer); a run with failures queues another after
# SCRUTINY_REMINDERS_RETRY_MINUTES, doubling while they go on (up to six hours).
SCRUTINY_EMAIL_SEND_ATTEMPTS = int(os.environ.get("SCRUTINY_EMAIL_SEND_ATTEMPTS", "3"))
SCRUTINY_EMAIL_RETRY_SECONDS = float(os.environ.get("SCRUTINY_EMAIL_RETRY_SECONDS", "5"))
SCRUTINY_REMINDERS_RETRY_MINUTES = int(os.environ.get("SCRUTINY_REMINDERS_RETRY_MINUTES", "10"))
# The daily run not started this long after SCRUTINY_REMINDERS_RUN_AT: the dashboard and
# /readyz say the reminders are late.
SCRUTINY_REMINDERS_LATE_MINUTES = int(os.environ.get("SCRUTINY_REMINDERS_LATE_MINUTES", "60"))

# Following by email (scrutiny.alerts): when the daily digest goes, in TIME_ZONE; how long
# a confirmation link works; and how often one address may be sent a confirmation about
# one thing.
SCRUTINY_ALERTS_RUN_AT = os.environ.get("SCRUTINY_ALERTS_RUN_AT", "07:30")
SCRUTINY_ALERTS_CONFIRM_DAYS = int(os.environ.get("SCRUTINY_ALERTS_CONFIRM_DAYS", "7"))
SCRUTINY_ALERTS_CONFIRM_EMAIL_EVERY_SECONDS = int(
    os.environ.get("SCRUTINY_ALERTS_CONFIRM_EMAIL_EVERY_SECONDS", "300")
)

# ModernGov sites the server may read (scrutiny.core.outbound): "host" means ports 443/80 for
# https/http only, "host:port" that port. Staff may read only these from the import page.
SCRUTINY_MODERNGOV_SITES = env_list("SCRUTINY_MODERNGOV_SITES")
# "host:port" entries allowed to resolve to private or loopback addresses (development and
# tests only); every other site must resolve to public addresses.
SCRUTINY_OUTBOUND_ALLOW_PRIVATE = env_list("SCRUTINY_OUTBOUND_ALLOW_PRIVATE")

# The ModernGov companion sync (scrutiny.imports.sync): the council's ModernGov site (its
# address, whose host must be in SCRUTINY_MODERNGOV_SITES; empty switches the sync off),
# the ModernGov ids of the committees it follows (comma-separated; empty: every committee
# the site lists), how many days before the last run's window each run reads meetings from
# (the first run: before today), and when it runs each day, in TIME_ZONE.
SCRUTINY_MODERNGOV_SYNC_URL = os.environ.get("SCRUTINY_MODERNGOV_SYNC_URL", "").strip()
SCRUTINY_MODERNGOV_SYNC_COMMITTEES = env_list("SCRUTINY_MODERNGOV_SYNC_COMMITTEES")
SCRUTINY_MODERNGOV_SYNC_DAYS = int(os.environ.get("SCRUTINY_MODERNGOV_SYNC_DAYS", "60"))
SCRUTINY_MODERNGOV_SYNC_RUN_AT = os.environ.get("SCRUTINY_MODERNGOV_SYNC_RUN_AT", "06:00")

# Bank holidays of the council's part of the UK: england-and-wales, scotland or
# northern-ireland.
SCRUTINY_BANK_HOLIDAYS = os.environ.get("SCRUTINY_BANK_HOLIDAYS", "england-and-wales")

# The largest file anyone may upload, by any path (documents, evidence, every import, the
# admin), in bytes. Checked by scrutiny.core.uploads.oversize_reason.
SCRUTINY_UPLOAD_MAX_BYTES = int(os.environ.get("SCRUTINY_UPLOAD_MAX_BYTES", str(50 * 1024 * 1024)))

# What an uploaded ZIP-based file (Word, Excel, OpenDocument, ZIPs of ModernGov answers) may
# say it unpacks to, in all, and how many times its size a large part of it may unpack to.
# Checked from the archive's directory before anything in it is unpacked, by
# scrutiny.core.uploads.open_zip.
SCRUTINY_UPLOAD_MAX_EXPANDED_BYTES = int(
    os.environ.get("SCRUTINY_UPLOAD_MAX_EXPANDED_BYTES", str(200 * 1024 * 1024))
)
SCRUTINY_UPLOAD_MAX_COMPRESSION_RATIO = int(
    os.environ.get("SCRUTINY_UPLOAD_MAX_COMPRESSION_RATIO", "100")
)

# An import job whose background worker has reported nothing for this many seconds has
# stopped (the worker died or was restarted): its page says it failed. The worker reports
# at every stage and every hundred meetings. Read by scrutiny.imports.jobs.job_status.
SCRUTINY_IMPORT_JOB_STALE_SECONDS = int(os.environ.get("SCRUTINY_IMPORT_JOB_STALE_SECONDS", "600"))
