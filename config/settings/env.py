"""Read settings from the environment, failing with a message that names the bad variable."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from pathlib import Path
from typing import Any

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from core.figures import currency_code

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_UNSET = object()


def _read(reader: Callable[..., Any], name: str, default: Any) -> Any:
    try:
        if default is _UNSET:
            return reader(name)
        return reader(name, default=default)
    except ImproperlyConfigured:
        raise ImproperlyConfigured(f"Set the {name} environment variable.") from None
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"The {name} environment variable has an invalid value: {exc}"
        ) from None


def env_str(name: str, default: Any = _UNSET) -> str:
    return _read(env.str, name, default)


def env_bool(name: str, default: Any = _UNSET) -> bool:
    raw = env.str(name, default="")
    if raw == "" and default is not _UNSET:
        return default
    if raw.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(
        f"The {name} environment variable must be true or false, not {raw!r}."
    )


def env_int(name: str, default: Any = _UNSET) -> int:
    return _read(env.int, name, default)


def env_list(name: str, default: Any = _UNSET) -> list[str]:
    return [item for item in _read(env.list, name, default) if item]


FERNET_KEY_HELP = (
    "a key made by python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'"
)


def _fernet_key_check(name: str, key: str) -> str:
    try:
        Fernet(key)
    except ValueError:
        raise ImproperlyConfigured(
            f"The {name} environment variable is not a valid key: it must be {FERNET_KEY_HELP}."
        ) from None
    return key


def env_fernet_key(name: str, default: Any = _UNSET) -> str:
    """A Fernet key (32 random bytes, URL-safe base64); required unless a default is given."""
    key = env.str(name, default="").strip()
    if not key:
        if default is _UNSET:
            raise ImproperlyConfigured(f"Set the {name} environment variable to {FERNET_KEY_HELP}.")
        return default
    return _fernet_key_check(name, key)


# Keys written in this repository (config/settings/local.py, config/settings/test.py, the compose
# file's old default, .env.example): anyone can read them, so production refuses them.
DEVELOPMENT_SECRET_KEY = "local-only-insecure-key-do-not-use-in-production"
DEVELOPMENT_FIELD_KEY = "bG9jYWwtb25seS1pbnNlY3VyZS1maWVsZC1rZXktISE="
TEST_SECRET_KEY = "test-only-key-test-only-key-test-only-key-test-only-key"
TEST_FIELD_KEY = "dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5LSE="
PUBLIC_KEYS = (DEVELOPMENT_SECRET_KEY, DEVELOPMENT_FIELD_KEY, TEST_SECRET_KEY, TEST_FIELD_KEY)
# Every placeholder this repository shows says so (.env.example, the old compose default).
PLACEHOLDER_MARK = "change-me"
SECRET_KEY_HELP = (
    "50 or more random characters: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
)


def _decoded(value: str) -> bytes:
    """A Fernet key as the bytes it stands for (its decoder skips characters outside base64's
    alphabet, so two spellings can be one key); any other value as it is."""
    try:
        return base64.urlsafe_b64decode(value.encode())
    except (ValueError, binascii.Error):
        return value.encode()


_PUBLIC_DECODED = frozenset(_decoded(key) for key in PUBLIC_KEYS)


def refuse_public(name: str, value: str, help_text: str) -> str:
    """`value`, unless it is a key written in this repository or a placeholder."""
    if _decoded(value) in _PUBLIC_DECODED or PLACEHOLDER_MARK in value.lower():
        raise ImproperlyConfigured(
            f"The {name} environment variable holds a value written in Gouvernail's repository "
            f"(an example or a development key), which anyone can read: set it to {help_text}."
        )
    return value


def env_secret_key(name: str) -> str:
    """A required secret key that is none of the repository's public ones."""
    key = env.str(name, default="").strip()
    if not key:
        raise ImproperlyConfigured(f"Set the {name} environment variable to {SECRET_KEY_HELP}.")
    return refuse_public(name, key, SECRET_KEY_HELP)


def env_fernet_keys(name: str) -> list[str]:
    """Comma-separated Fernet keys, possibly none."""
    return [_fernet_key_check(name, key) for key in env_list(name, default=[])]


def env_currency(name: str, default: str) -> str:
    """An ISO 4217 currency code (EUR, USD, GBP…), upper-cased."""
    raw = env.str(name, default="").strip() or default
    try:
        return currency_code(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"The {name} environment variable is invalid: {exc}.") from None


def env_db(name: str, default: str) -> dict:
    try:
        return env.db_url(name, default=default)
    except Exception as exc:  # django-environ raises several kinds for a bad URL
        raise ImproperlyConfigured(
            f"The {name} environment variable is not a valid database URL: {exc}"
        ) from None
