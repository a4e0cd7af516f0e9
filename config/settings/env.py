"""Read settings from the environment, failing with a message that names the bad variable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

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


def env_db(name: str, default: str) -> dict:
    try:
        return env.db_url(name, default=default)
    except Exception as exc:  # django-environ raises several kinds for a bad URL
        raise ImproperlyConfigured(
            f"The {name} environment variable is not a valid database URL: {exc}"
        ) from None
