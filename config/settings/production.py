"""Production settings: every secret from the environment, HTTPS only."""

from whitenoise.compress import Compressor

from config.settings.base import *  # noqa: F403
from config.settings.env import (
    FERNET_KEY_HELP,
    SECRET_KEY_HELP,
    env_bool,
    env_fernet_key,
    env_int,
    env_list,
    env_secret_key,
    refuse_public,
)

DEBUG = False
SECRET_KEY = env_secret_key("DJANGO_SECRET_KEY")
FIELD_ENCRYPTION_KEY = refuse_public(
    "FIELD_ENCRYPTION_KEY", env_fernet_key("FIELD_ENCRYPTION_KEY"), FERNET_KEY_HELP
)
# A key written in the repository is refused as a fallback too: what it signed (a reset link, a
# session) would still be accepted, and anyone can sign with it.
for _key in SECRET_KEY_FALLBACKS:  # noqa: F405
    refuse_public("DJANGO_SECRET_KEY_FALLBACKS", _key, SECRET_KEY_HELP)
for _key in FIELD_ENCRYPTION_KEY_FALLBACKS:  # noqa: F405
    refuse_public("FIELD_ENCRYPTION_KEY_FALLBACKS", _key, FERNET_KEY_HELP)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set the DJANGO_ALLOWED_HOSTS environment variable.")

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", default=True)
SESSION_COOKIE_HTTPONLY = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps are for a developer's browser tools, not for people: compressing them (18 MB of the
# bundles' maps, brotli at its best) took most of `collectstatic`'s time and the image's build.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *Compressor.SKIP_COMPRESS_EXTENSIONS,
    "map",
)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
