"""The webhook events governance raises, registered in `webhooks.events.webhook_event_types`
(GovernanceConfig.ready), and what their payloads' `data` hold: ids, names and dates, never a
secret. Each is raised by its service inside the service's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.actor import Actor, actor_row
from governance.choices import TaskStatus
from governance.models import DriftFinding, Task
from webhooks.events import EventType
from webhooks.services import subscribers, webhook_event, webhook_events

GRANT = ("grant_id", "status", "channel", "person", "role", "expires_on", "actor")
EVENT_TYPES = (
    EventType("grant.created", _("Access granted"), GRANT),
    EventType("grant.changed", _("Access changed role"), (*GRANT, "replaces_grant_id")),
    EventType("grant.revoked", _("Access revoked"), (*GRANT, "reason")),
    EventType(
        "access_request.decided",
        _("Access request decided"),
        ("request_id", "status", "channel", "person", "role", "grant_id", "actor"),
    ),
    EventType(
        "offboarding.started",
        _("Off-boarding started"),
        ("offboarding_id", "person", "last_day", "tasks", "actor"),
    ),
    EventType(
        "offboarding.completed",
        _("Off-boarding completed"),
        ("offboarding_id", "person", "last_day", "completed_at", "actor"),
    ),
    EventType("review.opened", _("Access review opened"), ("review_id", "name", "due_on", "items")),
    EventType(
        "review.closed", _("Access review closed"), ("review_id", "name", "closed_at", "tasks")
    ),
    EventType(
        "policy_version.published",
        _("Policy version published"),
        ("policy_id", "policy", "version_id", "version", "effective_on", "published_at"),
    ),
    EventType(
        "drift.found",
        _("Drift found between the register and a platform"),
        ("finding_id", "kind", "channel", "person", "holder", "first_seen_at", "observation_id"),
    ),
    EventType(
        "task.overdue",
        _("Task overdue"),
        ("task_id", "kind", "origin", "channel", "assignee_id", "due_on"),
    ),
)


def _named(obj) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


def _actor(actor: Actor) -> str:
    return actor_row(actor)[1]


def grant_data(grant, *, actor: Actor) -> dict[str, Any]:
    return {
        "grant_id": grant.pk,
        "status": grant.status,
        "channel": {
            "id": grant.channel_id,
            "name": grant.channel.name,
            "platform_id": grant.channel.platform_id,
        },
        "person": _named(grant.person),
        "role": {"id": grant.role_id, "name": grant.role.name, "level": grant.role.privilege_level},
        "expires_on": grant.expires_on,
        "actor": _actor(actor),
    }


def grant_event(event_type: str, grant, *, actor: Actor, **extra: Any) -> None:
    webhook_event(
        event_type=event_type,
        data={**grant_data(grant, actor=actor), **extra},
        now=timezone.now(),
    )


def grants_expired(grants, *, now: dt.datetime) -> int:
    """grant.revoked for grants that expired (the expiry sweep ends them set-based)."""
    return webhook_events(
        event_type="grant.revoked",
        events=(
            (None, {**grant_data(grant, actor=None), "reason": grant.revocation_reason})
            for grant in grants
        ),
        now=now,
    )


def request_decided(request, *, actor: Actor) -> None:
    webhook_event(
        event_type="access_request.decided",
        data={
            "request_id": request.pk,
            "status": request.status,
            "channel": _named(request.channel),
            "person": _named(request.person),
            "role": {"id": request.role_id, "name": request.role.name},
            "grant_id": request.grant_id,
            "actor": _actor(actor),
        },
        now=request.decided_at or timezone.now(),
    )


def offboarding_event(event_type: str, offboarding, *, actor: Actor, now, **extra: Any) -> None:
    webhook_event(
        event_type=event_type,
        data={
            "offboarding_id": offboarding.pk,
            "person": _named(offboarding.person),
            "last_day": offboarding.last_day,
            "actor": _actor(actor),
            **extra,
        },
        now=now,
    )


def tasks_overdue(*, now: dt.datetime) -> int:
    """Each open task past its due date, once per endpoint (its event id names the task and its
    due date): raised by the reminders' sweep, in two queries when an endpoint listens."""
    if not subscribers("task.overdue"):
        return 0
    overdue = Task.objects.filter(
        status=TaskStatus.OPEN, due_on__lt=timezone.localdate(now)
    ).select_related("channel")
    return webhook_events(
        event_type="task.overdue",
        events=(
            (
                f"msg_task_overdue_{task.pk}_{task.due_on:%Y%m%d}",
                {
                    "task_id": task.pk,
                    "kind": task.kind,
                    "origin": task.origin,
                    "channel": _named(task.channel),
                    "assignee_id": task.assignee_id,
                    "due_on": task.due_on,
                },
            )
            for task in overdue.iterator(chunk_size=2000)
        ),
        now=now,
    )


def drift_found(findings, *, now: dt.datetime) -> int:
    """drift.found for findings a reading opened, once per finding and endpoint; nothing read
    when no endpoint listens, else three queries whatever their number."""
    if not findings or not subscribers("drift.found"):
        return 0
    rows = DriftFinding.objects.filter(pk__in=[f.pk for f in findings]).select_related(
        "channel", "person", "holder"
    )
    return webhook_events(
        event_type="drift.found",
        events=((f"msg_drift_found_{finding.pk}", _drift_data(finding)) for finding in rows),
        now=now,
    )


def _drift_data(finding) -> dict[str, Any]:
    holder = finding.holder
    return {
        "finding_id": finding.pk,
        "kind": finding.kind,
        "channel": _named(finding.channel),
        "person": _named(finding.person),
        "holder": None if holder is None else {"name": holder.name, "role": holder.role_name},
        "first_seen_at": finding.first_seen_at,
        "observation_id": finding.observation_id,
    }
