"""Settings for มชช.

Development defaults work with no environment at all (embedded SQLite under
var/). Set MCHCH_PRODUCTION=true and the required variables for a deployment;
missing ones stop the start-up with a clear error.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import fontpkg_sarabun
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MCHCH_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env_bool("MCHCH_PRODUCTION", False)
if not PRODUCTION:
    # The embedded database, uploads and collected static files live here.
    (VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    DEBUG = env_bool("DEBUG", False)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("ALLOWED_HOSTS is required in production")
else:
    SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
    DEBUG = env_bool("DEBUG", True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "core",
    "audit",
    "geography",
    "accounts",
    "programme",
    "registration",
    "documents",
    "frameworks",
    "development",
    "django_tasks",
    "django_tasks_db",
    "certification",
    "committees",
    "activities",
    "assessment",
    "reports",
    "dashboards",
    "certified",
    "backups",
    "demo",
    "notifications",
    "todo",
    # Data subjects' requests, retention and anonymisation (docs/privacy.md).
    "privacy",
    "compliance",
    "search",
    "insights",
    # The units counted ahead for the start page and the dashboards (docs/tallies.md).
    "tallies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "django.template.context_processors.i18n",
                "accounts.context_processors.navigation",
                "notifications.context_processors.bell",
            ],
            "builtins": ["core.templatetags.thai"],
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mchch.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Created 0600 before SQLite opens it (its -wal and -shm files take the same mode): the
    # database holds personal data.
    _sqlite_file = Path(DATABASES["default"]["NAME"])
    if str(_sqlite_file) != ":memory:" and not _sqlite_file.exists():
        _sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(_sqlite_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:  # the worker, started beside the server, was first
            pass
    # WAL and a busy timeout keep concurrent requests from failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed logins (docs/security.md §5). axes locks the pair (user name, client address) after
# AXES_FAILURE_LIMIT failures for AXES_COOLOFF_MINUTES: failures from elsewhere or on other user
# names never lock a user out. A user name alone only slows down (accounts/throttle.py): after
# LOGIN_BACKOFF_AFTER failures from all addresses within the cool-off, each further try waits
# LOGIN_BACKOFF_SECONDS, doubling per failure up to LOGIN_BACKOFF_MAX_SECONDS, except from an
# address the user logged in from in the last LOGIN_KNOWN_ADDRESS_DAYS. Counts live in axes'
# database tables, so every app server sees the same ones.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests, with Retry-After
LOGIN_BACKOFF_AFTER = env_int("LOGIN_BACKOFF_AFTER", 10)
LOGIN_BACKOFF_SECONDS = env_int("LOGIN_BACKOFF_SECONDS", 30)
LOGIN_BACKOFF_MAX_SECONDS = env_int("LOGIN_BACKOFF_MAX_SECONDS", 300)
LOGIN_KNOWN_ADDRESS_DAYS = env_int("LOGIN_KNOWN_ADDRESS_DAYS", 30)
# The client's address behind a reverse proxy (core/client_ip.py, README "Deploy"): the header
# the proxy sets, as "X-Forwarded-For" or "HTTP_X_FORWARDED_FOR", and how many proxies stand in
# front of the app. Unset (or REMOTE_ADDR, saying so on purpose: no proxy in front),
# REMOTE_ADDR is the client and no forwarded header is believed; `check --deploy` warns when unset.
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER", "").upper().replace("-", "_")
if TRUSTED_PROXY_HEADER not in ("", "REMOTE_ADDR") and not TRUSTED_PROXY_HEADER.startswith("HTTP_"):
    TRUSTED_PROXY_HEADER = f"HTTP_{TRUSTED_PROXY_HEADER}"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)

# Sessions: idle timeout and absolute lifetime (docs/security.md §6).
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_COOKIE_AGE = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("ไทย")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Sarabun is served by the app itself, so Thai renders the same everywhere (no CDN).
    ("fonts", Path(fontpkg_sarabun.ROOT) / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION  # production serves the collected files

# Uploaded files live outside any public path; every download goes through a scoped view.
MEDIA_ROOT = Path(env_str("MCHCH_MEDIA_ROOT", str(VAR_DIR / "private-media")))
MEDIA_URL = "/private-media-is-never-served/"
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 10) * 1024 * 1024
# Images are refused from their header above these, before a pixel is decoded
# (docs/security.md §8). 50 MP takes a 48/50 MP phone camera's full-size photo; decoding it
# costs 150–200 MB. The request's budget counts the pixels decoding will produce: a phone JPEG
# is decoded at a reduced scale for the photo renditions, so 20 photos stay well inside it.
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 50_000_000)
UPLOAD_MAX_REQUEST_PIXELS = env_int("UPLOAD_MAX_REQUEST_PIXELS", 200_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Stored files carry personal data: readable by the app's own user only (docs/security.md §3).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Django's own admin edits rows past the services' rules and audit; off unless asked for.
DJANGO_ADMIN_ENABLED = env_bool("DJANGO_ADMIN_ENABLED", False)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "core.logging.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "pikepdf": {"level": "WARNING"}},
}

# Certificates: the public address printed in QR codes and credentials, the Ed25519 key that
# signs the credentials (generated into var/ on first use in development; in production the
# file must exist), and the background tasks that render a year's certificates (db_worker).
SITE_URL = env_str("SITE_URL") if PRODUCTION else env_str("SITE_URL", "http://127.0.0.1:8000")
CREDENTIAL_SIGNING_KEY_FILE = Path(
    env_str("CREDENTIAL_SIGNING_KEY_FILE")
    if PRODUCTION
    else env_str("CREDENTIAL_SIGNING_KEY_FILE", str(VAR_DIR / "credential-signing-key.pem"))
)
if PRODUCTION and not CREDENTIAL_SIGNING_KEY_FILE.is_file():
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"CREDENTIAL_SIGNING_KEY_FILE {CREDENTIAL_SIGNING_KEY_FILE} not found"
    )
# Stage 5: a committee decides only with at least this percent of its members present
# (assessment.services.decide; docs/security.md §4).
ASSESSMENT_QUORUM_PERCENT = env_int("ASSESSMENT_QUORUM_PERCENT", 50)
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Housekeeping (core/housekeeping.py) -------------------------------------------------
# The daily jobs `manage.py housekeeping` runs, as dotted paths to functions without
# arguments; each idempotent (run daily by a timer, hourly by `make run`). Apps add theirs here.
HOUSEKEEPING_DAILY_JOBS = [
    "core.once.delete_spent_tokens",  # one-time form tokens older than core.once.KEEP_DAYS
    "notifications.reminders.send_deadline_reminders",  # docs/notifications.md "Reminders"
    "tallies.services.check",  # docs/tallies.md "The daily check"
]

# Notifications (docs/notifications.md): e-mail through Django's mail framework, sent by the
# background worker with retries after these delays (seconds); without EMAIL_HOST, mail is
# printed by the worker instead (development). LINE through the Messaging API, off by default.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")
NOTIFY_RETRY_SECONDS = [60, 300, 1800, 7200, 21600]
# A domain-event handler that fails after the commit is tried again by the worker after these
# delays (core/events.py).
EVENT_RETRY_SECONDS = [30, 300, 3600]
LINE_ENABLED = env_bool("LINE_ENABLED", False)
LINE_API_BASE_URL = env_str("LINE_API_BASE_URL", "https://api.line.me")
LINE_CHANNEL_ACCESS_TOKEN = env_str("LINE_CHANNEL_ACCESS_TOKEN", "")
LINE_CHANNEL_SECRET = env_str("LINE_CHANNEL_SECRET", "")

# National IDs encrypted at rest (docs/encryption.md, docs/security.md §13): NATIONAL_ID_KEY
# encrypts (AES-256-GCM, 32 bytes in base64), NATIONAL_ID_OLD_KEYS (comma-separated) still
# decrypt after a rotation, NATIONAL_ID_HASH_KEY keys the hash that the search and the
# one-per-year rule use. Unset, both are derived from SECRET_KEY: fine for development and the
# tests, but then the IDs are only as safe as SECRET_KEY and changing SECRET_KEY makes them
# unreadable: production refuses to start without both. Keep the keys apart from the backups.
NATIONAL_ID_KEY = env_str("NATIONAL_ID_KEY") if PRODUCTION else env_str("NATIONAL_ID_KEY", "")
NATIONAL_ID_OLD_KEYS = env_list("NATIONAL_ID_OLD_KEYS", [])
NATIONAL_ID_HASH_KEY = (
    env_str("NATIONAL_ID_HASH_KEY") if PRODUCTION else env_str("NATIONAL_ID_HASH_KEY", "")
)

# PDPA records (compliance/, docs/compliance.md): how long the department's explicit, reasoned
# request opens one unit's personal documents and full national ID (docs/security.md §11).
PERSONAL_DATA_ACCESS_HOURS = env_int("PERSONAL_DATA_ACCESS_HOURS", 24)
if not 1 <= PERSONAL_DATA_ACCESS_HOURS <= 24 * 7:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PERSONAL_DATA_ACCESS_HOURS must be between 1 and 168")

# Second factor (docs/security.md §5): TOTP with backup codes (django-otp) and passkeys
# (django-otp-webauthn). A user with a device passes it after the password before any page
# (accounts.middleware.SecondFactorMiddleware); the roles in OTP_REQUIRED_ROLES must set one up
# first, everyone else may. Wrong codes back off per device, doubling from
# OTP_TOTP_THROTTLE_FACTOR seconds (django-otp's own rows, the same for every app server).
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]
# After the session timeout (a logged-out request has nothing to verify) and the messages.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "accounts.middleware.SecondFactorMiddleware",
)
# Not from the environment: the requirement holds in every deployment.
OTP_REQUIRED_ROLES = ["ADMIN", "PROVINCE"]


def _totp_issuer(device) -> str:
    """The name the authenticator app shows beside the code, read when the QR code is drawn."""
    return str(_("มชช."))


OTP_TOTP_ISSUER = _totp_issuer
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Passkeys are a second factor only: the password always comes first.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME_CALLABLE = "accounts.passkeys.relying_party_name"
OTP_WEBAUTHN_HELPER_CLASS = "accounts.passkeys.PasskeyHelper"
# The relying party is the site's host name and the allowed origins its address, from SITE_URL
# unless WEBAUTHN_RP_ID / WEBAUTHN_ORIGINS say otherwise (README "Deploy"). An IP address cannot
# be a relying party: in development passkeys work at http://localhost:8000, and at any port of
# localhost (the browser tests' live server picks one; accounts/passkeys.py).
_site = urlsplit(SITE_URL)
OTP_WEBAUTHN_RP_ID = env_str(
    "WEBAUTHN_RP_ID", (_site.hostname or "") if PRODUCTION else "localhost"
)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "WEBAUTHN_ORIGINS",
    [f"{_site.scheme}://{_site.netloc}"] if PRODUCTION else ["http://localhost:8000"],
)
WEBAUTHN_ANY_LOCALHOST_PORT = not PRODUCTION
