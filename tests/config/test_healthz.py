"""/healthz answers 200 only when the database, and the broker when configured, answer; the
broker is asked through one kept connection, not a new one each time."""

import os

import pytest
import redis

from config.health import BROKER_CLIENT_NAME
from tests.services import redis_url

pytestmark = pytest.mark.django_db


def test_healthy_with_a_database(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "version": settings.VERSION,
        "checks": {"database": True},
    }


def test_answers_a_load_balancer_asking_by_address_over_http(client, settings):
    settings.REDIS_URL = ""
    settings.ALLOWED_HOSTS = ["gouvernail.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    # Any other page asked that way is refused, as before.
    assert client.get("/accounts/login/", HTTP_HOST="10.0.0.5:8000").status_code == 400


def test_checks_the_broker_when_configured(client, settings):
    settings.REDIS_URL = redis_url()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": True}


def test_unavailable_when_the_broker_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] is False


def test_checks_reuse_one_broker_connection(client, settings):
    settings.REDIS_URL = redis_url()
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
    clients = redis.Redis.from_url(redis_url()).client_list()
    assert [c["name"] for c in clients].count(f"{BROKER_CLIENT_NAME}-{os.getpid()}") == 1
