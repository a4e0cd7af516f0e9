"""Liveness of the parts the application needs: the database, and the broker when configured."""

from __future__ import annotations

import os
from functools import lru_cache

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BROKER_CLIENT_NAME = "gouvernail-healthz"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


@lru_cache(maxsize=4)
def _broker(url: str) -> redis.Redis:
    """One client per broker address for the process's life: its pool keeps the connection
    open from one check to the next, and opens a new one when the broker went away. The
    connection is named after the process (CLIENT LIST shows whose it is)."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=2,
        socket_timeout=2,
        client_name=f"{BROKER_CLIENT_NAME}-{os.getpid()}",
    )


def _broker_ok() -> bool:
    try:
        return bool(_broker(settings.REDIS_URL).ping())
    except redis.RedisError:
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok()}
    if settings.REDIS_URL:
        checks["broker"] = _broker_ok()
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "version": settings.VERSION,
            "checks": checks,
        },
        status=200 if healthy else 503,
    )


class HealthzMiddleware:
    """Answers /healthz before any other middleware, whatever the Host header: a load balancer or
    a container's health check asks by address (10.0.0.5, localhost), which DJANGO_ALLOWED_HOSTS
    need not name, and over plain HTTP. Nothing else is served that way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
