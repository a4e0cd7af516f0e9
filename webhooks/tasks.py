"""The webhooks' tasks: send an event's deliveries, send one delivery, and the sweep that sends
what is owed again (back-off past, a sender that died, a broker that lost its queue)."""

from __future__ import annotations

import random

from celery import shared_task
from django.db import connection
from django.utils import timezone

from core.outbox import DATABASE_AWAY
from webhooks import delivery
from webhooks.models import WebhookDelivery


def _backoff(retries: int) -> float:
    """30 s, 1, 2, 4 minutes… capped at 10, with jitter."""
    return min(600, 30 * 2**retries) * random.uniform(1.0, 1.2)


@shared_task(bind=True, name="webhooks.tasks.webhook_deliver", max_retries=6)
def webhook_deliver(self, delivery_id: int) -> str:
    """Send one delivery. A receiver that fails is tried again by the sweep once the row's
    back-off has passed (a database due date, not a Celery countdown); a database that is away
    is retried here."""
    try:
        return delivery.deliver(delivery_id=delivery_id, now=timezone.now())
    except DATABASE_AWAY as error:
        connection.close()
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error


@shared_task(name="webhooks.tasks.webhook_deliver_event")
def webhook_deliver_event(event_id: str) -> int:
    """One task per owed delivery of a new event, so a slow endpoint delays no other."""
    owed = WebhookDelivery.objects.filter(
        event_id=event_id, sent_at__isnull=True, failed_at__isnull=True
    ).values_list("pk", flat=True)
    ids = list(owed)
    for delivery_id in ids:
        webhook_deliver.delay(delivery_id)
    return len(ids)


@shared_task(name="webhooks.tasks.webhook_deliveries_sweep")
def webhook_deliveries_sweep() -> int:
    ids = delivery.sweep(now=timezone.now())
    for delivery_id in ids:
        webhook_deliver.delay(delivery_id)
    return len(ids)
