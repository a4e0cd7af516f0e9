"""The sweep writes what is owed into the outbox and enqueues one digest per recipient due one.

Sending is governance.reminders.delivery's; this module decides what is owed, when, to whom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Person
from accounts.rules import governance_leads
from core import outbox
from governance.access.expiry import grants_expire
from governance.chat import team as team_chat
from governance.chat.tasks import enqueue_team_notices
from governance.events import tasks_overdue
from governance.models import Reminder, ReminderStage
from governance.reminders.delivery import owed, routine_due
from governance.reminders.ladder import stages
from governance.reminders.mine import my_tasks, my_tasks_count
from governance.reminders.registry import DueItem, ReminderKind, reminder_kinds
from governance.reminders.tasks import send_reminder_digest


def _managers(recipient_ids: set[int]) -> dict[int, int]:
    """recipient user id → their manager's user id, in one query."""
    return {
        user_id: manager_user_id
        for user_id, manager_user_id in Person.objects.filter(
            user_id__in=recipient_ids, manager__user__isnull=False
        ).values_list("user_id", "manager__user_id")
    }


def _outbox_rows(
    kind: ReminderKind,
    items: list[DueItem],
    *,
    now: dt.datetime,
    leads: list[int],
    urgent: bool = False,
) -> list[Reminder]:
    """The rows the ladder owes today for these items; the dedup key makes each happen once."""
    today = timezone.localdate(now)
    managers = _managers({item.recipient_id for item in items}) if kind.escalates else {}
    rows = []
    for item in items:
        for stage, period in stages(
            due_on=item.due_on,
            today=today,
            before=kind.before,
            every=settings.REMINDER_OVERDUE_EVERY_DAYS,
            escalate_after=settings.REMINDER_ESCALATE_AFTER_DAYS if kind.escalates else None,
        ):
            recipients = [item.recipient_id]
            if stage == ReminderStage.ESCALATION:
                above = leads if kind.escalates_to_leads else []
                candidates = (managers.get(item.recipient_id), *above)
                recipients = sorted(
                    {r for r in candidates if r is not None and r != item.recipient_id}
                )
            for recipient_id in recipients:
                rows.append(
                    Reminder(
                        kind=kind.key,
                        item_id=item.item_id,
                        recipient_id=recipient_id,
                        stage=stage,
                        period=period,
                        dedup_key=f"{kind.key}:{item.item_id}:{recipient_id}:{stage}:{period}",
                        title=str(item.title)[:300],
                        params=item.params,
                        url=item.url,
                        due_on=item.due_on,
                        urgent=urgent
                        or kind.urgent
                        or stage == ReminderStage.ESCALATION
                        or stage in kind.urgent_stages,
                        created_at=now,
                    )
                )
    return rows


def enqueue_digests(recipient_ids: Iterable[int], *, now: dt.datetime) -> None:
    """Enqueue a digest for each recipient of rows due at `now`, once the transaction commits."""
    recipients = sorted(set(recipient_ids))

    def enqueue() -> None:
        for recipient_id in recipients:
            send_reminder_digest.delay(recipient_id, as_of=now.isoformat())

    transaction.on_commit(enqueue)


@transaction.atomic
def sweep(*, now: dt.datetime | None = None) -> dict:
    """Write every owed reminder (set-based, idempotent) and enqueue one digest per recipient
    with rows due: urgent ones at once, routine ones from the digest hour on (so a digest the
    sweep could not send at that hour goes at the first sweep after)."""
    now = now or timezone.now()
    released = outbox.release_stale(
        Reminder.objects.all(),
        before=now - dt.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT),
    )
    expired = grants_expire(now=now)
    leads = list(governance_leads().values_list("pk", flat=True))
    rows: list[Reminder] = []
    for kind in reminder_kinds:
        rows += _outbox_rows(kind, list(kind.due_items(now)), now=now, leads=leads)
    Reminder.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    team_chat.release_stale(now)
    team_chat.team_notices_write(now=now)
    enqueue_team_notices(team_chat.owed_teams(now))  # new ones, and those past their back-off
    overdue = tasks_overdue(now=now)  # webhooks: each task past due, once per endpoint
    recipients = list(
        owed(now).filter(routine_due(now)).values_list("recipient_id", flat=True).distinct()
    )
    enqueue_digests(recipients, now=now)
    return {
        "candidates": len(rows),
        "released": released,
        "digests": len(recipients),
        "expired": expired,
        "overdue_events": overdue,
    }


def remind_now(kind_key: str, item_ids: Iterable[int], *, now: dt.datetime) -> int:
    """Tell at once whoever must act on these new items (an off-boarding opened): urgent outbox
    rows written in the caller's transaction, their digests enqueued when it commits. The rows
    are the ones the sweep would write today, so the next sweep does not tell the same people
    again. Returns the number of recipients."""
    kind = reminder_kinds[kind_key]
    items = list(kind.due_items(now, only=list(item_ids)))
    if not items:
        return 0
    leads = list(governance_leads().values_list("pk", flat=True))
    rows = _outbox_rows(kind, items, now=now, leads=leads, urgent=True)
    Reminder.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    enqueue_team_notices(team_chat.team_notices_write(now=now))  # their teams' chats
    recipients = {row.recipient_id for row in rows}
    enqueue_digests(recipients, now=now)
    return len(recipients)


__all__ = ["enqueue_digests", "my_tasks", "my_tasks_count", "remind_now", "sweep"]
