"""Settings shared by every environment. Values come from environment variables."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.settings.env import (
    BASE_DIR,
    env_bool,
    env_currency,
    env_db,
    env_fernet_key,
    env_fernet_keys,
    env_int,
    env_list,
    env_str,
)

# The release running: pyproject.toml's version (the footer, /healthz; CHANGELOG.md says what
# each brought). Read from the file: the image runs the code without installing the project.
VERSION = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]["version"]

SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
# Previous secret keys: what they signed (sessions, reset links) is still accepted.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
# Encrypted fields (second-factor secrets) have their own key, so that changing SECRET_KEY locks
# nobody out. Values are written under FIELD_ENCRYPTION_KEY and read under it or any of the
# fallbacks (previous keys, as SECRET_KEY_FALLBACKS); `manage.py rotate_encryption_keys` writes
# them again under the current key (accounts/encryption.py).
FIELD_ENCRYPTION_KEY = env_fernet_key("FIELD_ENCRYPTION_KEY", default="")
FIELD_ENCRYPTION_KEY_FALLBACKS = env_fernet_keys("FIELD_ENCRYPTION_KEY_FALLBACKS")
# True where the key is one written in the repository (config/settings/local.py's default).
FIELD_ENCRYPTION_KEY_IS_PUBLIC = False
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the documentation pages' scripts and styles, served by us
    "csp",
    "core",
    "accounts",
    "webhooks",
    "channels_registry",
    "governance",
    "audits",
    "roadmap",
]

MIDDLEWARE = [
    # /healthz whatever the Host header and the scheme (a load balancer asks by address).
    "config.health.HealthzMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's, recording a session's activity once a minute rather than on every request.
    "accounts.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    # Pages that start a provider sign-in let their form be redirected to the provider (CSP).
    "accounts.sso.middleware.ProviderFormActionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "csp.context_processors.nonce",
                "config.context_processors.site",
            ],
        },
    },
]

# SQLite when DATABASE_URL is unset, PostgreSQL (or any supported URL) when it is set.
DATABASES = {"default": env_db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Internationalisation
LANGUAGE_CODE = env_str("DJANGO_LANGUAGE_CODE", default="en")
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
# One date format per language (config/formats/<language>/formats.py), before Django's own.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

# Static files: our own in static/, Bootstrap's dist files from the bootstrap-wrapper wheel.
STATIC_URL = "/static/"
# Where `manage.py deploy` (collectstatic) gathers them for WhiteNoise to serve.
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The {name} package is not installed.")
    return Path(next(iter(spec.submodule_search_locations)))


STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", _package_dir("bootstrap"))]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cache: Redis when configured (rate limits must be shared by every web process).
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # One Redis may serve several databases (a test run, a load test): their entries apart.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", default=str(DATABASES["default"]["NAME"])),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The dashboard's shared panels are counted once per change to the register, at most this long ago.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", default=300)

# E-mail
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Gouvernail <gouvernail@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# django-allauth: e-mail login, sign-up closed unless opened, MFA.
# The account adapter with single sign-on (SSO-only domains, a provider's MFA).
ACCOUNT_ADAPTER = "accounts.sso.account_adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "reset_password": "accounts.sso.forms.ResetPasswordForm",
    "add_email": "accounts.sso.forms.AddEmailForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key"),
}
SIGNUP_OPEN = env_bool("SIGNUP_OPEN", default=False)
# Sign-in providers are accounts.SignInProvider rows (accounts/sso/); allauth keeps no tokens.
SOCIALACCOUNT_ADAPTER = "accounts.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"saml": {"provider_class": "accounts.sso.providers.SAMLProvider"}}
SOCIALACCOUNT_STORE_TOKENS = False
# An existing account is connected on its first SSO sign-in when the provider vouches for its
# address (the adapter decides, per provider: accounts.sso.services.admits).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_ONLY = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Gouvernail"
MFA_ADAPTER = "accounts.mfa.MFAAdapter"  # second-factor secrets encrypted at rest
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# Staff and governance leads must set up MFA before anything else.
MFA_REQUIRED = env_bool("MFA_REQUIRED", default=True)
USERSESSIONS_TRACK_ACTIVITY = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers that hold everywhere; production.py adds the HTTPS ones.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The REST API (/api/v1/, config/api.py; core/rest/ for what its endpoints share).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # the browsable API
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.api_auth.TokenScopes"],
    "DEFAULT_PAGINATION_CLASS": "core.rest.pagination.ApiCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["core.rest.throttling.TokenRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "core.rest.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "core.rest.problems.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Calls per token (a session: per user; no credentials: per address), counted in the cache.
API_RATE_LIMIT = env_str("API_RATE_LIMIT", default="1000/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "Gouvernail API",
    "DESCRIPTION": (
        "Social media governance: channels, people, access, off-boardings, access reviews, "
        "policies, audits, objectives and the history. A token acts as its user, narrowed by its "
        "scopes. See the README's API section."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The documentation pages (core/rest/docs.py): served from our static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to swagger.io's validator (nor any other host: the CSP's connect-src is 'self').
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "ChannelStatusEnum": "channels_registry.choices.ChannelStatus",
        "GrantStatusEnum": "governance.choices.GrantStatus",
        "RequestStatusEnum": "governance.choices.RequestStatus",
        "PersonStatusEnum": "accounts.choices.PersonStatus",
        "PrivilegeLevelEnum": "channels_registry.choices.PrivilegeLevel",
        "OffboardingStatusEnum": "governance.choices.OffboardingStatus",
        "TaskStatusEnum": "governance.choices.TaskStatus",
        "ReviewStatusEnum": "governance.choices.ReviewStatus",
        "DecisionEnum": "governance.choices.Decision",
        "AuditStatusEnum": "audits.choices.AuditStatus",
        "FindingStatusEnum": "audits.choices.FindingStatus",
        "EvaluationDecisionEnum": "audits.choices.EvaluationDecision",
        "ObjectiveStatusEnum": "roadmap.choices.ObjectiveStatus",
    },
}

# Celery: JSON only, bounded run time, beat schedule kept here.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Connections are kept between tasks and closed when broken or older than CONN_MAX_AGE, by
# config/celery.py; Celery itself then closes them only every this many tasks.
CELERY_DB_REUSE_MAX = 1000
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "people-mark-leavers-left": {
        "task": "accounts.tasks.people_mark_leavers_left",
        "schedule": 60 * 60,
    },
    "offboarding-deactivate-due": {
        "task": "governance.tasks.offboarding_deactivate_due",
        "schedule": 15 * 60,
    },
    "reviews-close-due": {
        "task": "governance.tasks.reviews_close_due",
        "schedule": 60 * 60,
    },
    "reminders-sweep": {
        "task": "governance.tasks.reminders_sweep",
        "schedule": env_int("REMINDER_SWEEP_SECONDS", default=60 * 60),
    },
    "reviews-open-recurring": {
        "task": "governance.tasks.reviews_open_recurring",
        "schedule": 60 * 60,
    },
    # Deliveries whose back-off has passed, or whose sender died, are sent again.
    "webhook-deliveries-sweep": {
        "task": "webhooks.tasks.webhook_deliveries_sweep",
        "schedule": env_int("WEBHOOK_SWEEP_SECONDS", default=60),
    },
    # Claims the channels whose platform reading is due (daily each, CONNECTOR_SYNC_HOURS), at
    # most CONNECTOR_SYNC_CONCURRENCY per connector at once; the sweep is cheap when none is due.
    "channel-sources-sync-due": {
        "task": "governance.tasks.channel_sources_sync_due",
        "schedule": env_int("CONNECTOR_SYNC_SWEEP_SECONDS", default=5 * 60),
    },
    # Hourly and idempotent: the day's counts are kept up to date, a missed hour costs nothing.
    "risk-snapshot": {
        "task": "channels_registry.tasks.risk_snapshot_take",
        "schedule": 60 * 60,
    },
}

# Platform connectors: each channel with an API connector is read every CONNECTOR_SYNC_HOURS,
# at most CONNECTOR_SYNC_CONCURRENCY channels at once per connector (platforms' rate limits).
CONNECTOR_SYNC_HOURS = env_int("CONNECTOR_SYNC_HOURS", default=24)
CONNECTOR_SYNC_CONCURRENCY = env_int("CONNECTOR_SYNC_CONCURRENCY", default=2)
# The channels one sweep claims are read by tasks of at most CONNECTOR_SYNC_BATCH channels each,
# whose readings are reconciled together (one transaction, set-based writes).
CONNECTOR_SYNC_BATCH = env_int("CONNECTOR_SYNC_BATCH", default=10)

# Governance rules
ORGANISATION_EMAIL_DOMAINS = [
    d.lower() for d in env_list("ORGANISATION_EMAIL_DOMAINS", default=["example.org"])
]
PASSWORD_ROTATION_DAYS = env_int("PASSWORD_ROTATION_DAYS", default=90)
DORMANT_FLAG_DAYS = env_int("DORMANT_FLAG_DAYS", default=180)
REVIEW_REMEDIATION_DAYS = env_int("REVIEW_REMEDIATION_DAYS", default=7)
# The organisation's currency (an ISO 4217 code): every cost is shown in it (core/figures.py).
CURRENCY = env_currency("CURRENCY", default="EUR")

# Reminders: the routine digest goes out at this local hour; overdue items are re-sent every N
# days and escalated to the manager and the leads after M days; a claim older than the timeout
# (seconds) is released by the next sweep.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000")
REMINDER_DIGEST_HOUR = env_int("REMINDER_DIGEST_HOUR", default=8)
REMINDER_OVERDUE_EVERY_DAYS = env_int("REMINDER_OVERDUE_EVERY_DAYS", default=3)
REMINDER_ESCALATE_AFTER_DAYS = env_int("REMINDER_ESCALATE_AFTER_DAYS", default=7)
REMINDER_CLAIM_TIMEOUT = env_int("REMINDER_CLAIM_TIMEOUT", default=600)
# A digest that fails for now is tried again with back-off (1, 4, 16, 64 minutes… 6 hours), then
# its rows are marked failed for an admin to see and retry.
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", default=8)
# How long a sender keeps trying to record a digest the mail server has accepted, through a
# database outage; shorter than the claim timeout and the task's time limit.
REMINDER_RECORD_SECONDS = env_int("REMINDER_RECORD_SECONDS", default=180)
# Webhooks: each request times out after WEBHOOK_TIMEOUT seconds; a delivery that fails for now
# is tried again with the reminders' back-off (1, 4, 16, 64 minutes… 6 hours), then marked failed
# after WEBHOOK_MAX_ATTEMPTS attempts; a claim older than WEBHOOK_CLAIM_TIMEOUT is released.
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", default=10)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_CLAIM_TIMEOUT = env_int("WEBHOOK_CLAIM_TIMEOUT", default=300)
WEBHOOK_RECORD_SECONDS = env_int("WEBHOOK_RECORD_SECONDS", default=120)
# A new policy version must be acknowledged within this many days of its publication.
POLICY_ACKNOWLEDGEMENT_DAYS = env_int("POLICY_ACKNOWLEDGEMENT_DAYS", default=14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="INFO")},
}
