"""Settings for the test suite: PostgreSQL and Redis when their URLs are set, else SQLite."""

from config.settings.base import *  # noqa: F403
from config.settings.env import TEST_FIELD_KEY, TEST_SECRET_KEY, env_bool, env_str

SECRET_KEY = TEST_SECRET_KEY
FIELD_ENCRYPTION_KEY = TEST_FIELD_KEY
FIELD_ENCRYPTION_KEY_FALLBACKS = []
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# A worker started by a test in another process writes its e-mails where the test can count them.
EMAIL_BACKEND = env_str(
    "TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MFA_REQUIRED = True
REQUIRE_SERVICES = env_bool("REQUIRE_SERVICES", default=False)
# Tests exercise one rate-limit cache of their own, cleared between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Services enqueue on commit; in tests tasks run inline unless a test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = True
WHITENOISE_AUTOREFRESH = True
# The history table refuses TRUNCATE (accounts migration 0004) unless the session allows it:
# the flush between transactional tests empties every table with TRUNCATE.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c gouvernail.allow_history_truncate=on"
    )
