"""Trill! Mag settings: one module, configured from environment variables.

Every variable is optional for local use; README.md lists them. A `.env` file
beside manage.py (written by `make run`, never committed) is read first, and
real environment variables win over it.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Debug runs get a throwaway key; anything else must be given a real one.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or (
    "insecure-debug-only-key-never-used-in-production-0123456789" if DEBUG else ""
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# Absolute links (feeds, sitemaps, link previews, emails) start with this.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
# A comment sent from a cached page without JavaScript (no token in its form)
# comes back to be sent again rather than as a 403 page.
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"

INSTALLED_APPS = [
    "trillmag.apps.NewsroomAdminConfig",  # django.contrib.admin with the newsroom's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "reversion",
    # Staff sign-in (staffauth/): throttled by django-axes, second factor by
    # django-two-factor-auth (TOTP, recovery codes, passkeys) on django-otp.
    "django_otp",
    "staffauth.apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp
    "staffauth.apps.RecoveryCodesConfig",  # django_otp.plugins.otp_static
    "two_factor",
    "staffauth.apps.PasskeysConfig",  # two_factor.plugins.webauthn
    "staffauth.apps.LockoutsConfig",  # axes
    "trillmag.apps.TrillmagConfig",
    "editing.apps.EditingConfig",
    "articles.apps.ArticlesConfig",
    "comments.apps.CommentsConfig",
    "pages.apps.PagesConfig",
    "jobs.apps.JobsConfig",
    "demo.apps.DemoConfig",
    "wordpress.apps.WordPressConfig",
    "staffauth.apps.StaffAuthConfig",
]

# Background jobs (jobs/): rows in the database, written in the transaction
# that causes them, run by `manage.py jobs_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache and the 503 page, so every response has them, cache hits included.
    "trillmag.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "trillmag.pagecache.middleware.PageCacheMiddleware",
    "trillmag.middleware.DatabaseUnavailableMiddleware",
    "wordpress.redirects.OldURLMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "trillmag.middleware.RequestSizeMiddleware",  # before CSRF, the first to read a body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "staffauth.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a refused sign-in into the lockout page
    "trillmag.pagecache.middleware.PageHolesMiddleware",  # keep last: see trillmag/pagecache/middleware.py
]

ROOT_URLCONF = "trillmag.urls"
WSGI_APPLICATION = "trillmag.wsgi.application"

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
                "trillmag.context_processors.site",
                "pages.context_processors.pages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a writer commits; IMMEDIATE avoids
    # "database is locked" upgrades under concurrent writes. Connections are
    # kept like PostgreSQL's (each gunicorn thread has its own, and WAL lets
    # them read side by side): opening one and running these pragmas cost a
    # cold page more than many of its queries.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    from trillmag.cache_backends import redis_cache

    # A cache, never a dependency: any Redis error or timeout is a miss
    # (trillmag/cache_backends.py).
    CACHES = {
        "default": redis_cache(
            REDIS_URL,
            key_prefix=env.str("CACHE_KEY_PREFIX", default="trillmag"),
            timeout=env.float("REDIS_TIMEOUT", default=0.25),
            breaker_seconds=env.float("REDIS_RETRY_AFTER", default=2.0),
        )
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=5000)},
        }
    }

# Sessions stay in the database (an outage of Redis signs nobody out), read
# through the cache when it is shared: a signed-in request then costs no query
# for its session. Not with local memory: each process would keep its own copy,
# and a session signed out in one would live on in the others. The one window
# left is Django's own: a sign-out during a Redis outage deletes the row but not
# the cached copy, which is read until it expires (its timeout is the session's
# age, at most STAFF_SESSION_IDLE_SECONDS for staff).
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if REDIS_URL else "db")

# Staff sign-in (staffauth/, README "Security"). Axes refuses a locked-out
# account or address before the password is even checked; its limits are the
# staffauth knobs, read on each attempt.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "staffauth.backends.StaffModelBackend",
]
AXES_FAILURE_LIMIT = "staffauth.throttle.failure_limit"
AXES_COOLOFF_TIME = "staffauth.throttle.cool_off"
# Each counted on its own: an account is locked whatever the address, an address whatever the account.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "staffauth.throttle.client_ip"
# Axes keeps each failure's form data: the sign-in form's password field (the
# first step of staffauth.views.LoginView) must be masked, never stored.
AXES_PASSWORD_FORM_FIELD = "auth-password"
# A right password clears the count, so a few typos a week never add up to a lock.
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "staffauth.views.locked_out"
# Sign-ins go to staffauth's own audit (SignInEvent), not to a second log.
AXES_DISABLE_ACCESS_LOG = True
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Passkeys: the name an authenticator shows beside the key.
TWO_FACTOR_WEBAUTHN_RP_NAME = "Trill! Mag newsroom"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploads and their renditions live on the local disk (MEDIA_ROOT) or, for
# several app servers, in an S3 bucket (trillmag/storage.py).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
MEDIA_BACKENDS = {
    "local": "django.core.files.storage.FileSystemStorage",
    "s3": "trillmag.storage.S3MediaStorage",
}
if MEDIA_STORAGE not in MEDIA_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE must be one of {', '.join(MEDIA_BACKENDS)}, not {MEDIA_STORAGE!r}.")
if MEDIA_STORAGE == "s3":
    # django-storages reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the
    # environment itself (or boto3 finds the machine's role when they are unset).
    AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
# Where readers' browsers fetch photos: a bucket's public address, a CDN, or
# /media/ on this site (Django or nginx serving MEDIA_ROOT, or nginx proxying
# to the bucket: deploy/nginx/trillmag.conf).
MEDIA_URL = env.str(
    "MEDIA_URL", default=f"https://{AWS_S3_CUSTOM_DOMAIN}/" if MEDIA_STORAGE == "s3" and AWS_S3_CUSTOM_DOMAIN else "/media/"
)
# Serve MEDIA_ROOT from Django itself: right for `make run` and a single box;
# turn off when a web server serves it.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=MEDIA_STORAGE == "local")
STORAGES = {
    "default": {"BACKEND": MEDIA_BACKENDS[MEDIA_STORAGE]},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Emails go out from jobs, which retry: a stalled server costs a worker this
# long per try, never a reader's request.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Trill! Mag <noreply@trillmag.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS hardening is on whenever debug is off; `make run` turns it off for
# its plain-HTTP local server with DJANGO_HTTPS=off.
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The Content-Security-Policy is built in trillmag/security.py. Browser features
# the site never uses are off for it and for every frame in it (an embed's
# player keeps what its iframe's `allow` grants: autoplay, fullscreen...).
# Not WebAuthn: staff sign-in may use passkeys. Not bluetooth or
# ambient-light-sensor: Chromium does not know them and complains in the console.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope", "hid",
        "idle-detection", "magnetometer", "microphone", "midi", "payment", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Every job's start and end at INFO, every failure with its traceback:
        # jobs.retries logs a line per failure, and the traceback when it gives up.
        "django_tasks": {"level": "CRITICAL"},
        # Axes says what it does at INFO on every start and attempt; the staff
        # sign-in audit (logger "staffauth") has a line for each attempt instead.
        "axes": {"level": "WARNING"},
    },
}

# --- Trill! Mag ---------------------------------------------------------------
# Each app declares its knobs and their defaults in its conf.py; a knob is set
# here only when its environment variable is (README.md lists them all).
TAGGIT_CASE_INSENSITIVE = True

from trillmag import knobs  # noqa: E402

KNOB_MODULES = [
    "trillmag.conf", "editing.conf", "articles.conf", "comments.conf", "pages.conf", "jobs.conf", "wordpress.conf",
    "staffauth.conf",
]
vars().update(knobs.from_environment(KNOB_MODULES))
