"""The ladder of an item: which reminder stages are owed on a given day."""

from __future__ import annotations

import datetime as dt

from governance.reminders.models import ReminderStage


def stages(
    *,
    due_on: dt.date,
    today: dt.date,
    before: tuple[int, ...],
    every: int,
    escalate_after: int | None,
):
    """(stage, period) pairs owed today; the dedup key makes each one happen once.

    The first notice is "new" unless the item already sits further up the ladder, in which
    case that step is its first notice.
    """
    owed = []
    days_left = (due_on - today).days
    if days_left > 0:
        reached = [d for d in before if days_left <= d]
        if reached:
            owed.append((ReminderStage.BEFORE, f"{min(reached)}d"))
    elif days_left == 0:
        owed.append((ReminderStage.DUE, "0"))
    else:
        late = -days_left
        owed.append((ReminderStage.OVERDUE, str((late - 1) // max(every, 1))))
        if escalate_after is not None and late >= escalate_after:
            owed.append((ReminderStage.ESCALATION, "1"))
    if not owed:
        owed.append((ReminderStage.ASSIGNED, "0"))
    return owed
