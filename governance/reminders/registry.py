"""Reminder kinds are small providers; upper apps register theirs in AppConfig.ready()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from core.registry import Registry

# Renders an item's line from its parameters in the active language. The parameters are what the
# outbox keeps (JSON): raw values such as names and choice values, never translated text, so
# that a digest is written in its recipient's language, whatever language the sweep ran in.
Describe = Callable[[dict], str]


@dataclass(frozen=True)
class DueItem:
    """Something one user must do, by a date, with the page where it is done."""

    item_id: int
    recipient_id: int
    params: dict
    url: str
    due_on: dt.date
    describe: Describe = field(repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.describe(self.params)


@dataclass(frozen=True)
class TaskLine:
    """One line of a person's task list: an item, or a group of items done on one page."""

    title: str
    url: str
    due_on: dt.date
    count: int = 1


# Turns a person's due items of one kind into the lines their task list shows.
Group = Callable[[list[DueItem]], list[TaskLine]]


@dataclass(frozen=True)
class ReminderKind:
    key: str
    label: Promise
    # Answers, with a bounded number of queries, what is due or coming and who must act:
    # due_items(now, recipient=None). A kind whose items are told about at once (see
    # engine.remind_now) also takes only=[item ids].
    due_items: Callable[..., Iterable[DueItem]]
    describe: Describe  # the line of one item, from its DueItem's params
    urgent: bool = False  # urgent kinds go out at every sweep, whatever the digest preference
    before: tuple[int, ...] = (7, 1)  # reminders this many days before the due date
    escalates: bool = True
    escalates_to_leads: bool = True  # else an escalation goes to the recipient's manager only
    urgent_stages: tuple[str, ...] = ()  # stages sent at once, e.g. the notice of something new
    order: int = 100
    group: Group | None = None  # one line per item unless the kind groups them
    # How many items due_items(now, recipient=user) gives, counted by the database (a lead may
    # have thousands, and every page's header counts them); None: counted from due_items.
    count: Callable[[dt.datetime, Any], int] | None = None


reminder_kinds: Registry[ReminderKind] = Registry("reminder kinds", order=lambda k: k.order)
