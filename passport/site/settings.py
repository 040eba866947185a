"""The one settings module, driven by environment variables (see ``.env.example``).

Defaults are for a laptop: SQLite in ``var/``, console e-mail. Production sets
``PASSPORT_DEBUG=0`` (the default), ``PASSPORT_SECRET_KEY``, ``PASSPORT_ALLOWED_HOSTS`` and
usually ``DATABASE_URL``; anything unusable stops start-up with the variable's name.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .environment import database_from_url, env_bool, env_int, env_list, env_str, sqlite_database

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(env_str("PASSPORT_DATA_DIR") or BASE_DIR / "var")

DEBUG = env_bool("PASSPORT_DEBUG", False)

SECRET_KEY = env_str("PASSPORT_SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("PASSPORT_SECRET_KEY is not set (required unless PASSPORT_DEBUG=1)")
    SECRET_KEY = "insecure-development-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("PASSPORT_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("PASSPORT_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "passport.accounts",
    "passport.audit",
    "passport.standards",
    "passport.producers",
    "passport.assessments",
    "passport.plans",
    "passport.notifications",
    "passport.sharing",
    "passport.site",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "passport.accounts.middleware.user_language",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "passport.site.middleware.content_security_policy",
    "passport.site.middleware.api_errors_as_json",
]

ROOT_URLCONF = "passport.site.urls"
WSGI_APPLICATION = "passport.site.wsgi.application"

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
                "passport.accounts.context.membership",
                "passport.site.context.interface_languages",
            ],
        },
    }
]

# --- Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL.
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": database_from_url(_database_url)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": sqlite_database(DATA_DIR / "passport.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and passwords.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["passport.accounts.backends.AccountBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"
# Login throttling: after this many failures for one e-mail or one address within the window,
# further attempts are refused until the window has passed.
PASSPORT_LOGIN_MAX_FAILURES = env_int("PASSPORT_LOGIN_MAX_FAILURES", 5, minimum=1)
PASSPORT_LOGIN_WINDOW_SECONDS = env_int("PASSPORT_LOGIN_WINDOW_SECONDS", 900, minimum=1)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# --- E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("PASSPORT_EMAIL_HOST") or ""
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("PASSPORT_EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("PASSPORT_EMAIL_USER") or ""
    EMAIL_HOST_PASSWORD = env_str("PASSPORT_EMAIL_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("PASSPORT_EMAIL_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("PASSPORT_FROM_EMAIL") or "Passport to Markets <noreply@localhost>"

# --- Languages: the interface through gettext, the standard's text from the standard file.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Cache: per process, for renderings of immutable things (e.g. a submitted result's
# explanation). Nothing in it is authoritative; every process fills its own.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("PASSPORT_CACHE_ENTRIES", 2000, minimum=10)},
    }
}

# --- Static and uploaded files.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = Path(env_str("PASSPORT_MEDIA_ROOT") or DATA_DIR / "media")
_manifest = env_bool("PASSPORT_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _manifest
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Evidence files: limits per file, and the types accepted (checked on the bytes, not the name).
PASSPORT_EVIDENCE_MAX_BYTES = env_int("PASSPORT_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security headers and cookies. Behind HTTPS unless told otherwise (off by default in DEBUG).
_https = env_bool("PASSPORT_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = env_bool("PASSPORT_SSL_REDIRECT", _https)
SECURE_HSTS_SECONDS = env_int("PASSPORT_HSTS_SECONDS", 31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
# Preload only asks browsers to keep HTTPS from the first visit; listing still needs a submission.
SECURE_HSTS_PRELOAD = env_bool("PASSPORT_HSTS_PRELOAD", _https)
if env_bool("PASSPORT_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies stand between the client and the app, each appending the address it
# saw to X-Forwarded-For: the client is that many entries from the right (0: REMOTE_ADDR).
PASSPORT_TRUSTED_PROXIES = env_int("PASSPORT_TRUSTED_PROXIES", 0)
# Where people reach the site, for links in e-mails (which leave the site): scheme and host,
# e.g. https://passport.example.org. Empty: e-mails give the path only.
PASSPORT_SITE_URL = (env_str("PASSPORT_SITE_URL") or "").rstrip("/")
if PASSPORT_SITE_URL and not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", PASSPORT_SITE_URL):
    raise ImproperlyConfigured(
        f"PASSPORT_SITE_URL={PASSPORT_SITE_URL!r}: expected the site's address, e.g. https://passport.example.org"
    )
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy sent on every response (see passport.site.middleware).
PASSPORT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)

# --- The standard every new assessment is pinned to unless another is chosen.
PASSPORT_DEFAULT_STANDARD = env_str("PASSPORT_DEFAULT_STANDARD") or "mes@1.0"
if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*@[0-9][0-9.]*", PASSPORT_DEFAULT_STANDARD):
    raise ImproperlyConfigured(
        f"PASSPORT_DEFAULT_STANDARD={PASSPORT_DEFAULT_STANDARD!r}: expected id@version, e.g. mes@1.0"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PASSPORT_LOG_LEVEL") or "INFO"},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
