"""Settings of the test OpenID provider, a Django project apart from Gouvernail.

It runs in its own process (see fixture.py), with an SQLite database and a freshly generated RSA
key in the temporary directory the fixture gives it. Its cookies are named apart from
Gouvernail's: cookies ignore the port, so both on 127.0.0.1 would otherwise share `sessionid`.
"""

import os
from pathlib import Path

DIRECTORY = Path(os.environ["IDP_DIRECTORY"])
BASE_URL = os.environ["IDP_BASE_URL"]
HARNESS_TOKEN = os.environ["IDP_HARNESS_TOKEN"]

SECRET_KEY = os.environ["IDP_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.support.oidc_provider.urls"
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "tests.support.oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DIRECTORY / "provider.sqlite3"),
        "OPTIONS": {"timeout": 20},
    }
}
# Test users only: a fast hash.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
SESSION_COOKIE_NAME = "oidc_idp_session"
CSRF_COOKIE_NAME = "oidc_idp_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (DIRECTORY / "signing-key.pem").read_text(),
    "OIDC_ISS_ENDPOINT": f"{BASE_URL}/o",
    "OAUTH2_VALIDATOR_CLASS": "tests.support.oidc_provider.validator.ClaimsValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Name",
        "email": "E-mail address",
        "groups": "Groups",
    },
    "DEFAULT_SCOPES": ["openid"],
    # Authorization code with PKCE, S256 only; no implicit or password grant.
    "PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
