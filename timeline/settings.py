"""Settings for Ceasefire Timeline.

Everything comes from the environment, with safe local defaults: SQLite in the
project folder, DEBUG on, no cache server. With DEBUG off the settings refuse to
load unless a real SECRET_KEY and ALLOWED_HOSTS are given, so a production
deployment can never run on the development key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    """The environment variable `name` read as a boolean ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """The environment variable `name` read as a comma-separated list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default, minimum=0):
    """The environment variable `name` read as a whole number of at least `minimum`."""
    value = os.environ.get(name, str(default)).strip()
    if not value.isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of at least {minimum}, not {value!r}."
        )
    return int(value)


DEBUG = env_bool("DJANGO_DEBUG", True)

# Only ever used with DEBUG on; production must bring its own key.
DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-only-never-deploy-this-key"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is off but SECRET_KEY is missing or shorter than 32 characters. "
            "Set SECRET_KEY in the environment (for example from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is off but ALLOWED_HOSTS is empty. Set ALLOWED_HOSTS to the "
            "comma-separated host names this site answers to."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "axes",
    "simple_history",
    "timeline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above whitenoise, so static files carry the header too.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, which answers static files itself with its precompressed .br/.gz files
    # (and leaves images alone); above everything that reads or writes the body. Django's gzip
    # pads each response with random bytes, which mitigates BREACH on pages with CSRF tokens.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: the language comes from the URL prefix (/de/...).
    "timeline.i18n.URLLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: history records name the signed-in editor, and every record one
    # request writes shares one timestamp (an edit is one point in history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "timeline.history.ChangeSetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a sign-in refused for too many failures into its page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "timeline.urls"
WSGI_APPLICATION = "timeline.wsgi.application"
ASGI_APPLICATION = "timeline.asgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]



def database(url):
    """The DATABASES entry for `url`, tuned for many readers and a few writers at once.

    SQLite (the zero-setup default): WAL lets readers go on while one writer writes;
    IMMEDIATE transactions take the write lock at BEGIN, so two writers queue on the
    busy timeout instead of one failing with "database is locked" halfway through.
    PostgreSQL (the scale path): psycopg's connection pool, which replaces persistent
    connections (Django refuses CONN_MAX_AGE with a pool); DB_POOL_MAX=0 turns it off.
    """
    config = dj_database_url.parse(url, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1),  # seconds
            # WAL is a property of the file and persists; synchronous=NORMAL is safe with it.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            **config.get("OPTIONS", {}),
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        pool_max = env_int("DB_POOL_MAX", 10)
        if pool_max:
            config["CONN_MAX_AGE"] = 0
            config["OPTIONS"] = {
                "pool": {
                    "min_size": min(env_int("DB_POOL_MIN", 2), pool_max),
                    "max_size": pool_max,
                    "timeout": env_int("DB_POOL_TIMEOUT", 10, minimum=1),  # seconds
                },
                **config.get("OPTIONS", {}),
            }
        else:
            config["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    else:
        config["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    return config


DATABASES = {
    "default": database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed sign-ins (django-axes) count per username and client address together: a typist or an
# attacker behind a newsroom's shared NAT locks out only that username from there, and an
# attacker elsewhere cannot lock an editor out from everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 60, minimum=1))
# A successful sign-in clears the failures of its own username and address, and no others.
AXES_RESET_ON_SUCCESS = True
# Every attempt during a lockout starts the wait again, as the lockout page says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False  # no start-up banner on every manage.py command; failures are still logged

# Behind a reverse proxy every request comes from the proxy's address. Only when CLIENT_IP_HEADER
# names the header that proxy sets is the client address read from it, and then its right-most
# entry, the one the proxy added itself: whatever stands to its left, a client can forge.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip()
if CLIENT_IP_HEADER:
    CLIENT_IP_META_KEY = "HTTP_" + CLIENT_IP_HEADER.upper().replace("-", "_")

    def client_ip_address(request):
        """The client address the proxy reported in CLIENT_IP_HEADER, else the peer's."""
        reported = request.META.get(CLIENT_IP_META_KEY, "").rsplit(",", 1)[-1].strip()
        return reported or request.META.get("REMOTE_ADDR")

    AXES_CLIENT_IP_CALLABLE = client_ip_address

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
# English at /, German at /de/ (urls.py): a page's language is in its address, so links share it.
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A strict policy: nothing is allowed unless granted below, no inline scripts or styles anywhere
# (the admin's included), htmx served from our own origin. Browsers report what it blocks to
# the `csp-report` URL, which logs it.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "report-uri": ["/csp-report/"],
}
# Powerful browser features the site never uses, turned off for it and anything it might embed.
# The clipboard stays allowed: the permalink's "Copy link" button writes to it. Only names that
# Chromium knows are listed (it warns in the console about others, such as "interest-cohort").
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No script reads either cookie (the admin and our forms send the CSRF token from the page, htmx
# only sends GETs), so both are HttpOnly; SameSite is Lax, said here rather than left to defaults.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # A year with subdomains and preload, what the browsers' HSTS preload list asks for.
    # Lower or turn these off before the first deployment if a subdomain still serves plain HTTP:
    # browsers remember the header for its whole lifetime.
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# History (django-simple-history): a change reason may be longer than 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default logging gives "django" a console handler of its own and lets it
        # propagate to ours, so every "Not Found" or error printed twice. Naming it here drops
        # that handler: Django's records reach the root handler alone. "django.server"
        # (runserver's request lines) keeps Django's own handler and does not propagate.
        "django": {"handlers": [], "level": "INFO"},
    },
}
