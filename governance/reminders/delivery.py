"""Sending a digest: claim a recipient's due rows, send one message, record the outcome.

Healthchecks' sendalerts is the model: rows are claimed with a conditional UPDATE, attempts are
counted before sending, a stale claim is released by the next sweep, nothing waits in Celery.
Claiming, back-off, bounded attempts and recording through outages are core.outbox's, which the
webhooks' outbox shares.

Once the mail server has accepted a digest, recording it is retried through database outages
(for minutes, well within the claim timeout), so a sent digest is not sent again unless the
process dies between the two. Its Message-ID comes from the rows it carries: the rare resend of
the same rows after such a death is recognisably the same message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import smtplib
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from core import outbox
from core.figures import format_number
from core.outbox import DATABASE_AWAY, retry_in
from governance.models import Reminder, ReminderPreference, ReminderStage
from governance.reminders.mine import my_tasks_count
from governance.reminders.models import DigestFrequency
from governance.reminders.notify import EMAIL, Digest, NotificationChannel, notification_channels
from governance.reminders.registry import DueItem, reminder_kinds

User = get_user_model()
# One DEBUG line per digest sent: time in the database versus rendering and SMTP (benchmark).
logger = logging.getLogger("governance.reminders.delivery")

__all__ = ["DATABASE_AWAY", "retry_in"]  # shared with the webhooks (core.outbox)


class TemporaryDeliveryError(Exception):
    """The mail server may accept later: the digest is tried again after `retry_in` seconds."""

    def __init__(self, message: str, retry_in: float = 60):
        super().__init__(message)
        self.retry_in = retry_in


def routine_cutoff(now: dt.datetime, frequency: str = DigestFrequency.DAILY) -> dt.datetime:
    """Rows created before this moment are due in a routine (non-urgent) digest at `now`.

    The routine digest's window is the digest hour (weekly: on Mondays); its cutoff is the end of
    the latest window that has begun. A digest the sweep could not send in its window (broker or
    database down) is therefore still due at the first sweep after recovery, not a day later.
    """
    local = timezone.localtime(now)
    start = local.replace(hour=settings.REMINDER_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    weekly = frequency == DigestFrequency.WEEKLY
    if weekly:
        start -= dt.timedelta(days=local.weekday())
    if start > local:
        start -= dt.timedelta(days=7 if weekly else 1)
    return start + dt.timedelta(hours=1)


def routine_due(now: dt.datetime) -> Q:
    """The owed rows that are due at `now`: urgent ones, and routine ones past their window."""
    weekly = ReminderPreference.objects.filter(frequency=DigestFrequency.WEEKLY).values("user_id")
    return (
        Q(urgent=True)
        | (Q(created_at__lt=routine_cutoff(now)) & ~Q(recipient_id__in=weekly))
        | (
            Q(created_at__lt=routine_cutoff(now, DigestFrequency.WEEKLY))
            & Q(recipient_id__in=weekly)
        )
    )


def owed(now: dt.datetime):
    """Rows nobody holds, not sent, not failed, and not waiting out a back-off."""
    return outbox.owed(Reminder.objects.all(), now)


def message_id(recipient_id: int, row_ids: list[int]) -> str:
    """The same rows to the same recipient make the same Message-ID, whoever sends them."""
    digest = hashlib.sha256(f"{recipient_id}:{','.join(map(str, sorted(row_ids)))}".encode())
    domain = urlsplit(settings.SITE_URL).hostname or "gouvernail.invalid"
    return f"<reminders.{digest.hexdigest()[:40]}@{domain}>"


def record(update: Callable[[], int], *, seconds: float | None = None) -> int:
    """Run `update` until the database takes it, reconnecting, for up to `seconds`."""
    seconds = settings.REMINDER_RECORD_SECONDS if seconds is None else seconds
    return outbox.record(update, seconds=seconds)


def _permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def send_digest(*, recipient_id: int, now: dt.datetime, as_of: dt.datetime | None = None) -> int:
    """Claim the recipient's rows due at `as_of` (the sweep's time; `now` by default), send one
    digest, record the outcome at `now`. Returns the number of rows sent.

    A database error before the mail leaves propagates (the caller retries); rows already
    claimed then wait for the sweep to release the claim.
    """
    as_of = as_of or now
    started = time.perf_counter()
    due = Reminder.objects.filter(routine_due(now=as_of), recipient_id=recipient_id)
    # The claim: only rows nobody holds; a delivery attempt is counted before sending.
    token = outbox.claim(due, now)
    if token is None:
        return 0
    mine = Reminder.objects.filter(claim_token=token)
    try:
        rows = list(mine.order_by("-urgent", "due_on", "pk"))
        recipient = User.objects.get(pk=recipient_id)
        # The subject's count is the header's: what the recipient has to do as it is sent.
        total = my_tasks_count(recipient, now=now)
        language = recipient_language(recipient)
        channel, address = channel_of(recipient)
    except DATABASE_AWAY:
        # Nothing has left: the rows go back, uncounted, for the task's retry to claim.
        record(lambda: outbox.unclaim(mine))
        raise
    # Only the mail server's (or chat service's) answer counts as a delivery attempt's outcome.
    try:
        mailing = time.perf_counter()
        ids = [row.pk for row in rows]
        channel.send(
            Digest(recipient, rows, language, address, message_id(recipient.pk, ids), total)
        )
        mail_seconds = time.perf_counter() - mailing
    except Exception as error:  # the outcome is recorded whatever happened
        message = f"{type(error).__name__}: {error}"[:500]
        if channel.permanent(error) or not recipient.is_active:
            record(lambda: mine.update(failed_at=now, last_error=message))
            return 0
        attempts = max(row.attempts for row in rows)
        wait = retry_in(attempts)
        record(
            lambda: outbox.fail_or_retry(
                mine,
                now=now,
                message=message,
                max_attempts=settings.REMINDER_MAX_ATTEMPTS,
                wait=wait,
            )
        )
        raise TemporaryDeliveryError(message, retry_in=wait) from error
    record(lambda: mine.update(sent_at=now, last_error="", next_attempt_at=None))
    logger.debug(
        "digest to user %s: %d rows, database %.1f ms, mail %.1f ms",
        recipient_id,
        len(rows),
        (time.perf_counter() - started - mail_seconds) * 1000,
        mail_seconds * 1000,
    )
    return len(rows)


STAGE_RANK: dict[str, int] = {
    ReminderStage.ESCALATION: 0,
    ReminderStage.OVERDUE: 1,
    ReminderStage.DUE: 2,
    ReminderStage.BEFORE: 3,
    ReminderStage.ASSIGNED: 4,
}


def line(row: Reminder) -> str:
    """The row's line in the active language (rows written before lines were kept: their title)."""
    kind = reminder_kinds.get(row.kind)
    return kind.describe(row.params) if kind is not None and row.params else row.title


def digest_title(digest: Digest, sections: list[dict]) -> str:
    """The subject of a digest (an e-mail's, a chat message's title), in the active language.

    Its count is the header's "My tasks" badge (governance.reminders.mine); a digest that only
    tells of others' overdue items (escalations) counts those instead."""
    if digest.total:
        return ngettext(
            "Gouvernail: %(count)s thing to do", "Gouvernail: %(count)s things to do", digest.total
        ) % {"count": format_number(digest.total)}
    count = sum(len(section["rows"]) for section in sections)
    return ngettext(
        "Gouvernail: %(count)s item to follow up", "Gouvernail: %(count)s items to follow up", count
    ) % {"count": format_number(count)}


def digest_sections(rows: list[Reminder]) -> list[dict]:
    """One line per item (its most pressing stage), grouped by kind, overdue first; each line
    rendered in the active language. A kind that groups its items (an access review's, one
    line per campaign) groups them here too, as My tasks does, stage by stage; an escalation,
    about other people's items, keeps one line each."""
    best: dict[tuple[str, int, str], Reminder] = {}
    for row in rows:
        key = (row.kind, row.item_id, "escalation" if row.stage == ReminderStage.ESCALATION else "")
        if key not in best or STAGE_RANK[row.stage] < STAGE_RANK[best[key].stage]:
            best[key] = row
    kinds = {kind.key: kind for kind in reminder_kinds}
    # Each kind's entries in the order their first row comes: a group of rows (one kind and
    # stage), or one row alone.
    entries: dict[str, dict[tuple, list[Reminder]]] = {}
    for row in sorted(best.values(), key=lambda r: (STAGE_RANK[r.stage], r.due_on or dt.date.max)):
        kind = kinds.get(row.kind)
        groups = (
            kind is not None
            and kind.group is not None
            and row.params
            and row.due_on is not None
            and row.stage != ReminderStage.ESCALATION
        )
        entry: tuple = ("group", row.stage) if groups else ("row", id(row))
        entries.setdefault(row.kind, {}).setdefault(entry, []).append(row)
    sections = {
        kind: [
            entry
            for key, grouped in by_key.items()
            for entry in (_grouped(kinds, grouped) if key[0] == "group" else [_alone(grouped[0])])
        ]
        for kind, by_key in entries.items()
    }
    # The kinds in their registry's order; a kind no longer registered comes last, by its key.
    order = {key: index for index, key in enumerate(kinds)}
    return [
        {"label": kinds[key].label if key in kinds else key, "rows": lines}
        for key, lines in sorted(sections.items(), key=lambda kv: order.get(kv[0], len(order)))
    ]


def _alone(row: Reminder) -> dict:
    """The line of a row that is not grouped."""
    return {
        "stage": row.get_stage_display(),
        "title": line(row),
        "url": row.url,
        "due_on": row.due_on,
    }


def _grouped(kinds: dict, rows: list[Reminder]) -> list[dict]:
    """The lines of rows of one kind and stage, grouped by their kind."""
    kind = kinds[rows[0].kind]
    items = [
        # Grouped rows have a due date (digest_sections).
        DueItem(
            row.item_id,
            row.recipient_id,
            row.params,
            row.url,
            row.due_on or dt.date.max,
            kind.describe,
        )
        for row in rows
    ]
    stage = rows[0].get_stage_display()
    return [
        {"stage": stage, "title": task.title, "url": task.url, "due_on": task.due_on}
        for task in kind.group(items)
    ]


def recipient_language(recipient) -> str:
    preference = ReminderPreference.objects.filter(user=recipient).first()
    return preference.language if preference and preference.language else settings.LANGUAGE_CODE


def channel_of(recipient) -> tuple[NotificationChannel, object]:
    """The channel the recipient chose and their address there; e-mail when that channel has
    no address for them (a chat destination removed or deactivated)."""
    preference = ReminderPreference.objects.filter(user=recipient).first()
    chosen = notification_channels.get(preference.send_by if preference else EMAIL)
    address = chosen.address_of(recipient) if chosen is not None else None
    if chosen is None or address is None:
        chosen = notification_channels[EMAIL]
        address = chosen.address_of(recipient)
    return chosen, address


def _deliver(digest: Digest) -> None:
    """Render and send by e-mail; no database query here, so an error is the mail's."""
    recipient, rows, language = digest.recipient, digest.rows, digest.language
    base = settings.SITE_URL.rstrip("/")
    with translation.override(language):
        sections = digest_sections(rows)
        context = {"user": recipient, "sections": sections, "base": base, "language": language}
        subject = digest_title(digest, sections)
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("governance/email/digest.txt", context),
            to=[digest.address],
            headers={"Message-ID": digest.message_id},
        )
        message.attach_alternative(
            render_to_string("governance/email/digest.html", context), "text/html"
        )
        message.send()


EMAIL_CHANNEL = NotificationChannel(
    EMAIL, _lazy("E-mail"), address_of=lambda user: user.email, send=_deliver, permanent=_permanent
)
