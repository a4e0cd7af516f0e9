"""What one person must do: the one source of every count and list of their tasks (the header's
badge, My tasks, the home page's panel, the Access page, and the digest's subject)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from accounts.history import history_version
from governance.reminders.registry import ReminderKind, TaskLine, reminder_kinds

MY_TASKS_COUNT_SECONDS = 300  # the longest a count may lag behind time passing (due dates)


def _count_key(user) -> str:
    # Read before the providers: a change committed while they run moves the version again.
    return f"my-tasks-count:{user.pk}:{history_version()}"


def tasks_total(sections: list[dict]) -> int:
    """How many things to do: one per item, however the lines group them."""
    return sum(len(section["items"]) for section in sections)


def my_tasks(user, *, now: dt.datetime | None = None, kinds: Iterable[str] = ()) -> list[dict]:
    """What the providers say the user must do, grouped by kind.

    Each section holds its items and the lines a page shows of them: one per item, or one per
    group where the kind groups them (an access review campaign's items: one line).
    `kinds` narrows to those reminder kinds. The full answer for now also refreshes the cached
    count, so the header of a page that lists the tasks shows the same number as the page.
    """
    key = _count_key(user) if now is None and not kinds else None
    now = now or timezone.now()
    today = timezone.localdate(now)
    sections: list[dict[str, Any]] = []
    for kind in reminder_kinds:
        if kinds and kind.key not in kinds:
            continue
        items = sorted(kind.due_items(now, recipient=user), key=lambda i: i.due_on)
        if items:
            lines = (
                kind.group(items)
                if kind.group is not None
                else [TaskLine(str(i.title), i.url, i.due_on) for i in items]
            )
            sections.append(
                {
                    "key": kind.key,
                    "label": kind.label,
                    "items": items,
                    "lines": lines,
                    "overdue": sum(1 for i in items if i.due_on < today),
                }
            )
    if key is not None:
        cache.set(key, tasks_total(sections), MY_TASKS_COUNT_SECONDS)
    return sections


def my_tasks_count(user, *, now: dt.datetime | None = None) -> int:
    """How many things the user has to do: the header's badge (cached per user until the next
    committed change, see history) and, at the time it is sent, the digest's subject."""
    if now is not None:
        return _counted(user, now=now)
    key = _count_key(user)
    count = cache.get(key)
    if count is None:
        count = _counted(user, now=now)
        cache.set(key, count, MY_TASKS_COUNT_SECONDS)
    return count


def _counted(user, *, now: dt.datetime | None) -> int:
    """The number of items my_tasks would list, without reading those the database counts."""
    now = now or timezone.now()
    return sum(_count(kind, user, now=now) for kind in reminder_kinds)


def count_of(user, key: str, *, now: dt.datetime | None = None) -> int:
    """How many items of one reminder kind the user must see to."""
    kind = reminder_kinds.get(key)
    return 0 if kind is None else _count(kind, user, now=now or timezone.now())


def _count(kind: ReminderKind, user, *, now: dt.datetime) -> int:
    if kind.count is not None:
        return kind.count(now, user)
    return sum(1 for _ in kind.due_items(now, recipient=user))
