"""Webhook deliveries against a real local HTTP receiver: signed as Standard Webhooks says and
verified with its library, retried with back-off while the receiver is down, bounded, sent again
by hand, sent once by two senders at once, and nothing sent for a rolled-back change."""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from governance import services as governance
from tests.factories import ChannelFactory, PersonFactory, role
from tests.services import require_postgresql
from tests.support.waiting import wait_until
from webhooks import delivery, services
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db(transaction=True)


def _grant(actor, **extra):
    return governance.grant_create(
        actor=actor,
        channel=extra.pop("channel", None) or ChannelFactory(),
        person=PersonFactory(),
        role=role("facebook", "publish"),
        justification="Posts the news",
    )


def _deliver_owed(now: dt.datetime) -> list[str]:
    """What the sweep task does, at `now`: every owed delivery sent."""
    return [delivery.deliver(delivery_id=pk, now=now) for pk in delivery.sweep(now=now)]


def test_an_event_arrives_signed_and_the_standard_webhooks_library_verifies_it(
    personas, receiver, endpoint
):
    grant = _grant(personas.lead)  # committed: the (eager) task sends it at once
    [request] = wait_until(lambda: receiver.received, what="the webhook")
    payload = Webhook(endpoint.new_secret).verify(request.body, request.headers)
    assert payload["type"] == "grant.created"
    assert payload["data"]["grant_id"] == grant.pk
    assert payload["data"]["person"]["name"] == str(grant.person)
    assert request.headers["Content-Type"] == "application/json"
    assert request.path == "/hooks"
    row = WebhookDelivery.objects.get()
    assert request.headers["webhook-id"] == row.event_id
    assert (row.state, row.attempts, row.last_status) == ("sent", 1, 204)
    # Another secret does not verify it.
    with pytest.raises(Exception, match="No matching signature"):
        Webhook(services.new_secret()).verify(request.body, request.headers)
    # The secret is stored encrypted, never in clear.
    endpoint.refresh_from_db()
    assert endpoint.new_secret not in endpoint.secret and endpoint.secret.startswith("fernet:")


def test_a_rolled_back_change_sends_nothing(personas, receiver, endpoint):
    with pytest.raises(RuntimeError), transaction.atomic():
        _grant(personas.lead)
        assert WebhookDelivery.objects.count() == 1  # written in the change's transaction…
        raise RuntimeError("the change fails after the event was raised")
    assert not WebhookDelivery.objects.exists()  # …and gone with it
    # A committed change afterwards arrives alone: nothing of the rolled-back one came before.
    _grant(personas.lead)
    wait_until(lambda: receiver.received, what="the committed change's webhook")
    assert receiver.events() == [WebhookDelivery.objects.get().event_id]


def test_a_receiver_that_is_down_gets_every_event_once_it_is_back(personas, receiver, endpoint):
    receiver.stop()
    t0 = timezone.now()
    grants = [_grant(personas.lead) for _ in range(3)]  # each tried at once, refused
    rows = WebhookDelivery.objects.order_by("pk")
    assert [(r.state, r.attempts) for r in rows] == [("owed", 1)] * 3
    assert all("ConnectionRefused" in r.last_error for r in rows)
    first_retry = max(r.next_attempt_at for r in rows)
    assert first_retry >= t0 + dt.timedelta(seconds=delivery_retry(1))
    # Within the back-off, nothing is owed; still down at the first retry: the wait grows.
    assert delivery.sweep(now=t0 + dt.timedelta(seconds=30)) == []
    assert _deliver_owed(first_retry) == ["retry"] * 3
    second_retry = WebhookDelivery.objects.latest("next_attempt_at").next_attempt_at
    assert second_retry - first_retry == dt.timedelta(seconds=delivery_retry(2))
    receiver.start()  # back, on the same port
    assert _deliver_owed(second_retry) == ["sent"] * 3
    assert _deliver_owed(second_retry + dt.timedelta(hours=1)) == []  # nothing twice
    secret = Webhook(endpoint.new_secret)
    sent = [secret.verify(r.body, r.headers)["data"]["grant_id"] for r in receiver.received]
    assert sent == [g.pk for g in grants]


def delivery_retry(attempts: int) -> int:
    from core.outbox import retry_in

    return retry_in(attempts)


def test_retries_are_bounded_then_failed_and_an_admin_sends_them_again(
    personas, receiver, endpoint, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.status = 500
    _grant(personas.lead)
    now = timezone.now()
    outcomes = []
    for _ in range(4):
        now += dt.timedelta(hours=7)  # past the longest back-off
        outcomes += _deliver_owed(now)
    assert outcomes == ["retry", "failed"]  # attempts 2 and 3 (the first at once)
    row = WebhookDelivery.objects.get()
    assert (row.state, row.attempts, row.last_status, row.last_error) == (
        "failed",
        3,
        500,
        "HTTP 500",
    )
    assert row.last_response == "ok"
    receiver.status = 200
    count = services.webhook_deliveries_resend(
        actor=personas.admin, deliveries=WebhookDelivery.objects.all(), now=now
    )
    assert count == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_status) == ("sent", 1, 200)
    assert len(set(receiver.events())) == 1 and len(receiver.received) == 4


def test_a_redirect_is_not_followed(personas, receiver, endpoint):
    receiver.status = 302
    _grant(personas.lead)
    row = WebhookDelivery.objects.get()
    assert (row.state, row.last_status) == ("owed", 302) and len(receiver.received) == 1


def test_two_senders_at_once_send_a_delivery_once(personas, receiver, endpoint):
    require_postgresql()
    receiver.stop()
    _grant(personas.lead)  # refused once: owed again after the back-off
    receiver.start()
    row = WebhookDelivery.objects.get()
    later = row.next_attempt_at
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(
            pool.map(lambda _: delivery.deliver(delivery_id=row.pk, now=later), range(2))
        )
    assert sorted(outcomes) == ["", "sent"]
    assert len(receiver.received) == 1


def test_the_body_sent_is_the_payload_stored(personas, receiver, endpoint):
    _grant(personas.lead)
    [request] = wait_until(lambda: receiver.received, what="the webhook")
    assert json.loads(request.body) == WebhookDelivery.objects.get().payload
