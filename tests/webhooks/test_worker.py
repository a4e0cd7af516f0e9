"""Webhook deliveries through a real Celery worker and this test's own Redis: a receiver that is
down gets every event, once, when it is back and the sweep runs after the back-off."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from config.celery import app
from governance import services as governance
from tests.factories import ChannelFactory, PersonFactory, role
from tests.support.waiting import wait_until
from tests.support.workers import Workers, celery_broker
from webhooks.models import WebhookDelivery
from webhooks.tasks import webhook_deliver, webhook_deliveries_sweep

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

IN_PROCESS = "webhooks@test"
DELIVER = webhook_deliver.name


@pytest.fixture
def broker(redis_server):
    with celery_broker(app, redis_server.url()) as url:
        yield url


def _all(state: str, count: int) -> bool:
    return [r.state for r in WebhookDelivery.objects.all()] == [state] * count


def test_a_real_worker_delivers_every_event_once_after_the_receiver_comes_back(
    broker, personas, receiver, endpoint
):
    receiver.stop()
    for _ in range(3):
        governance.grant_create(
            actor=personas.lead,
            channel=ChannelFactory(),
            person=PersonFactory(),
            role=role("facebook", "publish"),
            justification="Posts the news",
        )
    worker = Workers.in_this_process(app, IN_PROCESS)
    with start_worker(
        app, pool="solo", perform_ping_check=False, shutdown_timeout=10, hostname=IN_PROCESS
    ):
        # Refused once each: owed again after the back-off, nothing sent.
        wait_until(
            lambda: (
                worker.finished(DELIVER, 3)
                and all(r.attempts == 1 for r in WebhookDelivery.objects.all())
                and _all("owed", 3)
            ),
            what="the first attempts",
        )
        receiver.start()
        # Past the back-off: the beat's sweep enqueues them; each is enqueued twice more, as a
        # second sweep or a broker's redelivery would, and the claim sends it once.
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=2), tick=True):
            webhook_deliveries_sweep.delay()
            for row in WebhookDelivery.objects.all():
                webhook_deliver.delay(row.pk)
                webhook_deliver.delay(row.pk)
            wait_until(
                lambda: _all("sent", 3) and worker.finished(DELIVER, 3 + 9),
                what="the deliveries",
            )
    assert sorted(receiver.events()) == sorted(
        WebhookDelivery.objects.values_list("event_id", flat=True)
    )
    assert len(receiver.received) == 3
