"""The sweep writes what is owed into the outbox; a digest claims a recipient's rows and sends them.

Healthchecks' sendalerts is the model: rows are claimed with a conditional UPDATE, attempts are
counted before sending, a stale claim is released by the next sweep, nothing waits in Celery.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.choices import ChangeAction
from accounts.history import history_bulk_record_changes, history_version
from accounts.models import Person
from governance.choices import GrantStatus, RevocationReason, TaskKind
from governance.models import (
    AccessGrant,
    OffboardingTask,
    Reminder,
    ReminderPreference,
    ReminderStage,
)
from governance.reminders.ladder import stages
from governance.reminders.registry import reminder_kind, reminder_kinds
from governance.responsibility import Responsibility, governance_leads
from governance.tasks import send_reminder_digest

User = get_user_model()


class TemporaryDeliveryError(Exception):
    """The mail server may accept later: the digest is retried."""


def _managers(recipient_ids: set[int]) -> dict[int, int]:
    """recipient user id → their manager's user id, in one query."""
    return {
        user_id: manager_user_id
        for user_id, manager_user_id in Person.objects.filter(
            user_id__in=recipient_ids, manager__user__isnull=False
        ).values_list("user_id", "manager__user_id")
    }


def routine_digest_due(now: dt.datetime, frequency: str = "daily") -> bool:
    """The non-urgent digest goes out at the digest hour (weekly ones on Mondays)."""
    local = timezone.localtime(now)
    if local.hour != settings.REMINDER_DIGEST_HOUR:
        return False
    return frequency != "weekly" or local.weekday() == 0


@transaction.atomic
def sweep(*, now: dt.datetime | None = None) -> dict:
    """Write every owed reminder (set-based, idempotent) and enqueue one digest per recipient."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    released = Reminder.objects.filter(
        sent_at__isnull=True,
        failed_at__isnull=True,
        claimed_at__lt=now - dt.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT),
    ).update(claimed_at=None, claim_token="")
    expired = expire_grants(now=now)
    leads = list(governance_leads().values_list("pk", flat=True))
    rows: list[Reminder] = []
    for kind in reminder_kinds():
        items = list(kind.due_items(now))
        managers = _managers({item.recipient_id for item in items}) if kind.escalates else {}
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
                    recipients = sorted(
                        {managers.get(item.recipient_id), *above} - {None, item.recipient_id}
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
                            url=item.url,
                            due_on=item.due_on,
                            urgent=kind.urgent
                            or stage == ReminderStage.ESCALATION
                            or stage in kind.urgent_stages,
                            created_at=now,
                        )
                    )
    Reminder.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)

    owed = Reminder.objects.filter(
        sent_at__isnull=True, failed_at__isnull=True, claimed_at__isnull=True
    )
    weekly = set(
        ReminderPreference.objects.filter(frequency="weekly").values_list("user_id", flat=True)
    )
    daily_due, weekly_due = routine_digest_due(now), routine_digest_due(now, "weekly")
    to_send: dict[int, bool] = {}
    for recipient_id, urgent in owed.values_list("recipient_id", "urgent").distinct():
        routine = weekly_due if recipient_id in weekly else daily_due
        if urgent or routine:
            to_send[recipient_id] = to_send.get(recipient_id, False) or routine

    def enqueue() -> None:
        for recipient_id, routine in to_send.items():
            send_reminder_digest.delay(recipient_id, routine, now.isoformat())

    transaction.on_commit(enqueue)
    return {
        "candidates": len(rows),
        "released": released,
        "digests": len(to_send),
        "expired": expired,
    }


def expire_grants(*, now: dt.datetime) -> int:
    """An expired grant becomes a revocation task for its channel's owner (set-based)."""
    today = timezone.localdate(now)
    grants = list(
        AccessGrant.objects.select_for_update(of=("self",))
        .filter(status=GrantStatus.ACTIVE, expires_on__lt=today)
        .select_related("person", "channel__business_owner__user", "channel__backup_owner__user")
    )
    if not grants:
        return 0
    AccessGrant.objects.filter(pk__in=[g.pk for g in grants]).update(
        status=GrantStatus.REVOCATION_PENDING,
        revoked_at=now,
        revocation_reason=RevocationReason.EXPIRY,
    )
    history_bulk_record_changes(
        actor=None,
        entries=[
            (g, {"status": ["active", "revocation_pending"], "revocation_reason": [None, "expiry"]})
            for g in grants
        ],
        action=ChangeAction.UPDATE,
        message=gettext_noop("Expired"),
    )
    responsibility = Responsibility()
    due = today + dt.timedelta(days=settings.REVIEW_REMEDIATION_DAYS)
    tasks = OffboardingTask.objects.bulk_create(
        OffboardingTask(
            kind=TaskKind.REVOKE,
            channel=g.channel,
            grant=g,
            assignee=responsibility.for_channel(g.channel, subject=g.person),
            due_on=due,
        )
        for g in grants
    )
    history_bulk_record_changes(
        actor=None,
        entries=[(t, {"kind": [None, "revoke"]}) for t in tasks],
        action=ChangeAction.CREATE,
        message=gettext_noop("Expired grant"),
    )
    return len(grants)


def _permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def send_digest(*, recipient_id: int, routine: bool, now: dt.datetime | None = None) -> int:
    """Claim the recipient's owed rows, send one digest, record the outcome. Returns rows sent."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    owed = Reminder.objects.filter(
        recipient_id=recipient_id,
        sent_at__isnull=True,
        failed_at__isnull=True,
        claimed_at__isnull=True,
    )
    if not routine:
        owed = owed.filter(urgent=True)
    # The claim: only rows nobody holds; a delivery attempt is counted before sending.
    claimed = owed.update(claimed_at=now, claim_token=token, attempts=F("attempts") + 1)
    if not claimed:
        return 0
    rows = list(Reminder.objects.filter(claim_token=token).order_by("-urgent", "due_on", "pk"))
    recipient = User.objects.get(pk=recipient_id)
    try:
        _deliver(recipient, rows, now)
    except Exception as error:  # the outcome is recorded whatever happened
        message = f"{type(error).__name__}: {error}"[:500]
        if _permanent(error) or not recipient.is_active:
            Reminder.objects.filter(claim_token=token).update(failed_at=now, last_error=message)
            return 0
        Reminder.objects.filter(claim_token=token).update(
            claimed_at=None, claim_token="", last_error=message
        )
        raise TemporaryDeliveryError(message) from error
    Reminder.objects.filter(claim_token=token).update(sent_at=now, last_error="")
    return len(rows)


STAGE_RANK = {
    ReminderStage.ESCALATION: 0,
    ReminderStage.OVERDUE: 1,
    ReminderStage.DUE: 2,
    ReminderStage.BEFORE: 3,
    ReminderStage.ASSIGNED: 4,
}


def digest_sections(rows: list[Reminder]) -> list[dict]:
    """One line per item (its most pressing stage), grouped by kind, overdue first."""
    best: dict[tuple[str, int, str], Reminder] = {}
    for row in rows:
        key = (row.kind, row.item_id, "escalation" if row.stage == ReminderStage.ESCALATION else "")
        if key not in best or STAGE_RANK[row.stage] < STAGE_RANK[best[key].stage]:
            best[key] = row
    sections: dict[str, list[Reminder]] = {}
    for row in sorted(best.values(), key=lambda r: (STAGE_RANK[r.stage], r.due_on or dt.date.max)):
        sections.setdefault(row.kind, []).append(row)
    return [
        {"label": (reminder_kind(kind).label if reminder_kind(kind) else kind), "rows": lines}
        for kind, lines in sorted(
            sections.items(),
            key=lambda kv: reminder_kind(kv[0]).order if reminder_kind(kv[0]) else 999,
        )
    ]


def _deliver(recipient, rows: list[Reminder], now: dt.datetime) -> None:
    preference = ReminderPreference.objects.filter(user=recipient).first()
    language = preference.language if preference and preference.language else settings.LANGUAGE_CODE
    base = settings.SITE_URL.rstrip("/")
    with translation.override(language):
        context = {
            "user": recipient,
            "sections": digest_sections(rows),
            "base": base,
            "count": len(rows),
        }
        subject = _("Gouvernail: %(count)s things to do") % {
            "count": sum(len(s["rows"]) for s in context["sections"])
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("governance/email/digest.txt", context),
            to=[recipient.email],
        )
        message.attach_alternative(
            render_to_string("governance/email/digest.html", context), "text/html"
        )
        message.send()


MY_TASKS_COUNT_SECONDS = 300  # the longest a count may lag behind time passing (due dates)


def _count_key(user) -> str:
    # Read before the providers: a change committed while they run moves the version again.
    return f"my-tasks-count:{user.pk}:{history_version()}"


def my_tasks(user, *, now: dt.datetime | None = None, kinds: Iterable[str] = ()) -> list[dict]:
    """What the providers say the user must do, grouped by kind: the digest's data, and the one
    source of every count and list of a person's tasks (header, My tasks, home, Access page).

    `kinds` narrows to those reminder kinds. The full answer for now also refreshes the cached
    count, so the header of a page that lists the tasks shows the same number as the page.
    """
    key = _count_key(user) if now is None and not kinds else None
    now = now or timezone.now()
    today = timezone.localdate(now)
    sections = []
    for kind in reminder_kinds():
        if kinds and kind.key not in kinds:
            continue
        items = sorted(kind.due_items(now, recipient=user), key=lambda i: i.due_on)
        if items:
            sections.append(
                {
                    "key": kind.key,
                    "label": kind.label,
                    "items": items,
                    "overdue": sum(1 for i in items if i.due_on < today),
                }
            )
    if key is not None:
        cache.set(key, sum(len(s["items"]) for s in sections), MY_TASKS_COUNT_SECONDS)
    return sections


def my_tasks_count(user) -> int:
    """The header's count: cached per user until the next committed change (see history)."""
    count = cache.get(_count_key(user))
    if count is None:
        count = sum(len(section["items"]) for section in my_tasks(user))
    return count
