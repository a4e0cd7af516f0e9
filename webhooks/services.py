"""Writes of the webhooks: endpoints (created with a secret shown once, changed, deactivated),
events raised inside the caller's transaction, failed deliveries sent again."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction
from accounts.encryption import encrypt
from accounts.history import history_bulk_record, record_create, save_with_history
from core import outbox
from webhooks.events import webhook_event_types
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.network import RefusedAddress, resolve
from webhooks.tasks import webhook_deliver_event

ENDPOINT_FIELDS = ("name", "url", "event_types", "active", "allow_private_network")
SECRET_START = "whsec_"


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and 24 random bytes in base64."""
    return SECRET_START + base64.b64encode(secrets.token_bytes(24)).decode()


def _check(data: dict[str, Any]) -> None:
    """Event types that exist, and a URL the SSRF rule lets webhooks reach (resolved now)."""
    unknown = sorted(set(data["event_types"]) - set(webhook_event_types.keys()))
    if unknown:
        raise ValidationError(
            {"event_types": _("Unknown event types: %(types)s.") % {"types": ", ".join(unknown)}}
        )
    if not data["event_types"]:
        raise ValidationError({"event_types": _("Choose at least one event type.")})
    try:
        resolve(data["url"], allow_private=data["allow_private_network"])
    except RefusedAddress as refusal:
        raise ValidationError({"url": str(refusal)}) from None


def _data(**values: Any) -> dict[str, Any]:
    values["name"] = values["name"].strip()
    values["url"] = values["url"].strip()
    values["event_types"] = sorted(set(values["event_types"]))
    _check(values)
    return values


@transaction.atomic
def webhook_endpoint_create(
    *,
    actor: Actor,
    name: str,
    url: str,
    event_types: Iterable[str],
    active: bool = True,
    allow_private_network: bool = False,
) -> WebhookEndpoint:
    """A new endpoint with a new secret; the returned object carries the secret in
    `new_secret`, to be shown once (only its encryption is stored)."""
    data = _data(
        name=name,
        url=url,
        event_types=list(event_types),
        active=active,
        allow_private_network=allow_private_network,
    )
    secret = new_secret()
    endpoint = WebhookEndpoint(secret=encrypt(secret), created_by=actor_user(actor), **data)
    endpoint.full_clean()
    endpoint.save()
    record_create(actor=actor, obj=endpoint, fields=ENDPOINT_FIELDS)
    endpoint.new_secret = secret  # type: ignore[attr-defined]
    return endpoint


@transaction.atomic
def webhook_endpoint_update(
    *,
    actor: Actor,
    endpoint: WebhookEndpoint,
    name: str,
    url: str,
    event_types: Iterable[str],
    active: bool,
    allow_private_network: bool,
) -> WebhookEndpoint:
    """Change an endpoint (deactivating it stops new deliveries); its secret stays."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    data = _data(
        name=name,
        url=url,
        event_types=list(event_types),
        active=active,
        allow_private_network=allow_private_network,
    )
    return save_with_history(actor=actor, instance=endpoint, fields=ENDPOINT_FIELDS, data=data)


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """The payload as JSON carries it (dates in ISO 8601): what is stored is what is sent."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def webhook_event(
    *, event_type: str, data: dict[str, Any], now: dt.datetime, event_id: str | None = None
) -> int:
    """Raise an event inside the caller's transaction: one outbox row per active endpoint that
    subscribes to it, sent once the transaction commits (a rolled-back change sends nothing).

    `data` holds ids, names and dates, never a secret. `event_id`, when given, makes the event
    happen once per endpoint however often it is raised. Returns the number of rows written."""
    return webhook_events(event_type=event_type, events=[(event_id, data)], now=now)


def subscribers(event_type: str) -> list[int]:
    """The active endpoints subscribed to `event_type` (an unknown type is a KeyError)."""
    webhook_event_types[event_type]
    return [
        endpoint.pk
        for endpoint in WebhookEndpoint.objects.filter(active=True).only("pk", "event_types")
        if event_type in endpoint.event_types
    ]


def webhook_events(
    *,
    event_type: str,
    events: Iterable[tuple[str | None, dict[str, Any]]],
    now: dt.datetime,
) -> int:
    """Many events of one type at once, in two queries (a sweep's overdue tasks): each an
    (event id or None, data) pair, as webhook_event takes them."""
    endpoints = subscribers(event_type)
    if not endpoints:
        return 0
    rows, event_ids = [], []
    for event_id, data in events:
        event_id = event_id or f"msg_{uuid.uuid4().hex}"
        event_ids.append(event_id)
        payload = {"type": event_type, "timestamp": now.isoformat(), "data": _plain(data)}
        rows += [
            WebhookDelivery(
                event_id=event_id,
                event_type=event_type,
                payload=payload,
                endpoint_id=endpoint_id,
                created_at=now,
            )
            for endpoint_id in endpoints
        ]
    # An event already delivered to an endpoint is not written again (its id is unique there).
    WebhookDelivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    for event_id in event_ids:
        _send_on_commit(event_id)
    return len(rows)


def _send_on_commit(event_id: str) -> None:
    transaction.on_commit(lambda: webhook_deliver_event.delay(event_id))


@transaction.atomic
def webhook_deliveries_resend(
    *, actor: Actor, deliveries: QuerySet[WebhookDelivery], now: dt.datetime
) -> int:
    """Send failed deliveries again: owed once more, their attempts counted afresh, sent once
    the transaction commits. Returns how many were failed."""
    failed = outbox.failed_owed_again(deliveries)
    if not failed:
        return 0
    history_bulk_record(
        actor=actor,
        objects=failed,
        action=ChangeAction.UPDATE,
        changes={"state": ["failed", "owed"]},
        message=gettext_noop("Sent again by hand"),
    )
    for event_id in sorted({d.event_id for d in failed}):
        _send_on_commit(event_id)
    return len(failed)
