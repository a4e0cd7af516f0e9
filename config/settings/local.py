"""Settings for `make run` on a developer's machine: SQLite and no broker unless configured."""

from config.settings.base import *  # noqa: F403
from config.settings.env import (
    DEVELOPMENT_FIELD_KEY,
    DEVELOPMENT_SECRET_KEY,
    env_bool,
    env_fernet_key,
    env_list,
    env_str,
)

DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
FIELD_ENCRYPTION_KEY = env_fernet_key("FIELD_ENCRYPTION_KEY", default=DEVELOPMENT_FIELD_KEY)
# This default is written in the repository: rotation refuses to encrypt anything under it.
FIELD_ENCRYPTION_KEY_IS_PUBLIC = FIELD_ENCRYPTION_KEY == DEVELOPMENT_FIELD_KEY
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
# The demo may run without MFA enforcement; every page then says so.
MFA_REQUIRED = env_bool("MFA_REQUIRED", default=False)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
ORGANISATION_EMAIL_DOMAINS = env_list(
    "ORGANISATION_EMAIL_DOMAINS", default=["demo.gouvernail.test"]
)
