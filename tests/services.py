"""Which real services the test run has, and the rule for tests that need one.

Without a service a test skips with a reason; with REQUIRE_SERVICES=1 it fails instead.
"""

from __future__ import annotations

import os
import shutil

import pytest
import redis
from django.conf import settings
from django.db import connection

CHROMIUM = "/usr/bin/chromium"


def require(available: bool, reason: str) -> None:
    if available:
        return
    if settings.REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    available = False
    if url:
        try:
            available = bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
        except redis.RedisError:
            available = False
    require(available, "Redis is not configured or not answering (set REDIS_URL)")
    return url


def require_postgresql() -> None:
    require(connection.vendor == "postgresql", "the database is not PostgreSQL (set DATABASE_URL)")


def require_chromium() -> None:
    require(os.path.exists(CHROMIUM), f"Chromium is not installed at {CHROMIUM}")


def require_tool(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"{name} is not installed")
    return path
