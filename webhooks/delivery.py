"""Sending a webhook delivery: claim the row, sign, POST to the checked address, record.

The claim, back-off, bounded attempts and recording through database outages are core.outbox's,
shared with the reminders' digests. Signing is the Standard Webhooks specification's, by its own
library: `webhook-id` (the event's id, the same on every attempt, so receivers can drop a
duplicate), `webhook-timestamp` (the attempt's time) and `webhook-signature` ("v1," and the
HMAC-SHA256 of "id.timestamp.body" under the endpoint's secret, in base64).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import logging

from django.conf import settings
from standardwebhooks.webhooks import Webhook

from accounts.encryption import decrypt
from core import outbox
from core.outbox import DATABASE_AWAY
from webhooks.models import WebhookDelivery
from webhooks.network import RefusedAddress, UnresolvedHost, post, resolve

logger = logging.getLogger(__name__)
USER_AGENT = "Gouvernail-Webhooks/1"


def record(update) -> int:
    return outbox.record(update, seconds=settings.WEBHOOK_RECORD_SECONDS)


def body_of(delivery: WebhookDelivery) -> str:
    """The exact bytes signed and sent (compact JSON)."""
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False)


def signed_headers(*, secret: str, event_id: str, now: dt.datetime, body: str) -> dict[str, str]:
    at = now.astimezone(dt.UTC)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(event_id, at, body),
    }


def deliver(*, delivery_id: int, now: dt.datetime) -> str:
    """Send one owed delivery at `now`: "sent", "retry" (owed again after a back-off), "failed"
    (for good: out of attempts, an address refused, an endpoint deactivated), or "" when it was
    not owed (sent, failed, held by another sender, or waiting out its back-off).

    A database error before the request leaves propagates (the task retries); the claim is
    given back first."""
    token = outbox.claim(WebhookDelivery.objects.filter(pk=delivery_id), now)
    if token is None:
        return ""
    mine = WebhookDelivery.objects.filter(claim_token=token)
    try:
        delivery = mine.select_related("endpoint").get()
    except DATABASE_AWAY:
        record(lambda: outbox.unclaim(mine))
        raise
    endpoint = delivery.endpoint

    def fail(message: str, status: int | None = None) -> str:
        record(lambda: mine.update(failed_at=now, last_error=message[:500], last_status=status))
        return "failed"

    if not endpoint.active:
        return fail("The endpoint is deactivated.")
    try:
        target = resolve(endpoint.url, allow_private=endpoint.allow_private_network)
    except UnresolvedHost as error:
        return _retry(mine, delivery, now=now, message=str(error))
    except RefusedAddress as refusal:
        return fail(str(refusal))
    body = body_of(delivery)
    headers = signed_headers(
        secret=decrypt(endpoint.secret), event_id=delivery.event_id, now=now, body=body
    )
    try:
        answer = post(target, body=body.encode(), headers=headers, timeout=settings.WEBHOOK_TIMEOUT)
    except (OSError, http.client.HTTPException) as error:
        return _retry(mine, delivery, now=now, message=f"{type(error).__name__}: {error}")
    if 200 <= answer.status < 300:
        record(
            lambda: mine.update(
                sent_at=now,
                last_error="",
                next_attempt_at=None,
                last_status=answer.status,
                last_response=answer.excerpt,
            )
        )
        return "sent"
    return _retry(
        mine,
        delivery,
        now=now,
        message=f"HTTP {answer.status}",
        status=answer.status,
        excerpt=answer.excerpt,
    )


def _retry(
    mine,
    delivery: WebhookDelivery,
    *,
    now: dt.datetime,
    message: str,
    status: int | None = None,
    excerpt: str = "",
) -> str:
    """A failure that may pass: owed again after the back-off, or failed once out of attempts."""
    max_attempts = settings.WEBHOOK_MAX_ATTEMPTS
    record(lambda: mine.update(last_status=status, last_response=excerpt))
    record(
        lambda: outbox.fail_or_retry(
            mine,
            now=now,
            message=message[:500],
            max_attempts=max_attempts,
            wait=outbox.retry_in(delivery.attempts),
        )
    )
    logger.info("webhook %s to endpoint %s: %s", delivery.event_id, delivery.endpoint_id, message)
    return "failed" if delivery.attempts >= max_attempts else "retry"


def sweep(*, now: dt.datetime, limit: int = 500) -> list[int]:
    """Release the claims of senders that died, and return the deliveries owed at `now` (the
    oldest first, at most `limit`) for the caller to enqueue."""
    outbox.release_stale(
        WebhookDelivery.objects.all(),
        before=now - dt.timedelta(seconds=settings.WEBHOOK_CLAIM_TIMEOUT),
    )
    owed = outbox.owed(WebhookDelivery.objects.all(), now).order_by("created_at", "pk")
    return list(owed.values_list("pk", flat=True)[:limit])
