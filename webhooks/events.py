"""The webhook event types slot: the apps above register theirs in AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise

from core.registry import Registry


@dataclass(frozen=True)
class EventType:
    """An event endpoints may subscribe to: `key` is the `type` receivers see (`grant.created`),
    `data` names the fields of its payload's `data` (the README lists them)."""

    key: str
    label: str | Promise
    data: tuple[str, ...] = field(default=())


webhook_event_types: Registry[EventType] = Registry("webhook event types")


def event_type_choices() -> list[tuple[str, str]]:
    return [(event.key, f"{event.key} — {event.label}") for event in webhook_event_types]
