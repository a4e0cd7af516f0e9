"""Reminder kinds are small providers; upper apps register theirs in AppConfig.ready()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class DueItem:
    """Something one user must do, by a date, with the page where it is done."""

    item_id: int
    recipient_id: int
    title: str
    url: str
    due_on: dt.date


@dataclass(frozen=True)
class ReminderKind:
    key: str
    label: Promise
    # Answers, with a bounded number of queries, what is due or coming and who must act.
    due_items: Callable[..., Iterable[DueItem]]
    urgent: bool = False  # urgent kinds go out at every sweep, whatever the digest preference
    before: tuple[int, ...] = (7, 1)  # reminders this many days before the due date
    escalates: bool = True
    escalates_to_leads: bool = True  # else an escalation goes to the recipient's manager only
    urgent_stages: tuple[str, ...] = ()  # stages sent at once, e.g. the notice of something new
    order: int = 100


_kinds: list[ReminderKind] = []


def register_reminder_kind(kind: ReminderKind) -> None:
    if all(existing.key != kind.key for existing in _kinds):
        _kinds.append(kind)
        _kinds.sort(key=lambda k: k.order)


def reminder_kinds() -> list[ReminderKind]:
    return list(_kinds)


def reminder_kind(key: str) -> ReminderKind | None:
    return next((kind for kind in _kinds if kind.key == key), None)
