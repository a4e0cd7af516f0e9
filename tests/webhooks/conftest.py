"""Fixtures of the webhook tests: a real HTTP receiver, and endpoints registered through the
service (the receiver is on 127.0.0.1: only the admin-only flag lets an endpoint reach it)."""

from __future__ import annotations

import pytest

from tests.support.webhook_receiver import WebhookReceiver
from webhooks import services
from webhooks.events import webhook_event_types


@pytest.fixture
def receiver():
    running = WebhookReceiver().start()
    try:
        yield running
    finally:
        running.stop()


def make_endpoint(actor, url: str, event_types=None, **extra):
    return services.webhook_endpoint_create(
        actor=actor,
        name=extra.pop("name", "SIEM"),
        url=url,
        event_types=event_types or webhook_event_types.keys(),
        allow_private_network=extra.pop("allow_private_network", True),
        **extra,
    )


@pytest.fixture
def endpoint(personas, receiver):
    return make_endpoint(personas.admin, receiver.url)
