"""The outbox every outbound message goes through (e-mail digests, webhooks): rows kept in the
database before they are sent, claimed, then marked sent or failed. It knows no domain: each
outbox (governance.reminders, webhooks) has its model on `OutboxRow` and sends in its own way.

Healthchecks' sendalerts is the model: a row is claimed with a conditional UPDATE and acted on only
by whoever's claim changed it; an attempt is counted before sending; a temporary failure is tried
again after a back-off, a bounded number of times, then marked failed for an admin to see; a stale
claim (its sender died) is released by the next sweep; recording the outcome is retried through
database outages.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connection, models
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

# Errors that say the database is away for now (restarting, failing over, unreachable): the work
# is retried, not given up.
DATABASE_AWAY = (OperationalError, InterfaceError)


class OutboxRow(models.Model):
    """What every outbox row carries to be claimed, retried and recorded."""

    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_token = models.CharField(max_length=40, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def state(self) -> str:
        if self.sent_at:
            return "sent"
        if self.failed_at:
            return "failed"
        return "claimed" if self.claimed_at else "owed"


def owed(rows: QuerySet, now: dt.datetime) -> QuerySet:
    """Rows nobody holds, not sent, not failed, and not waiting out a back-off."""
    return rows.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        sent_at__isnull=True,
        failed_at__isnull=True,
        claimed_at__isnull=True,
    )


def claim(rows: QuerySet, now: dt.datetime) -> str | None:
    """Claim the owed ones among `rows`, counting an attempt: the claim's token, or None when
    there was nothing to claim (another sender holds them, or they are sent)."""
    token = uuid.uuid4().hex
    if not owed(rows, now).update(claimed_at=now, claim_token=token, attempts=F("attempts") + 1):
        return None
    return token


def unclaim(rows: QuerySet) -> int:
    """Give claimed rows back, uncounted: nothing was sent (the database went away first)."""
    return rows.update(claimed_at=None, claim_token="", attempts=F("attempts") - 1)


def release_stale(rows: QuerySet, *, before: dt.datetime) -> int:
    """Release the claims taken before `before` whose sender never recorded an outcome."""
    return rows.filter(sent_at__isnull=True, failed_at__isnull=True, claimed_at__lt=before).update(
        claimed_at=None, claim_token=""
    )


def retry_in(attempts: int) -> int:
    """Seconds before the next attempt after `attempts` failed ones: 1, 4, 16, 64 minutes… up to
    six hours; eight attempts take about a day before a row is marked failed."""
    return min(60 * 4 ** max(attempts - 1, 0), 6 * 3600)


def fail_or_retry(
    mine: QuerySet, *, now: dt.datetime, message: str, max_attempts: int, wait: float
) -> int:
    """After a temporary failure: rows out of attempts are failed, the others owed again in
    `wait` seconds. Returns the number of rows changed."""
    failed = mine.filter(attempts__gte=max_attempts).update(failed_at=now, last_error=message)
    return failed + mine.filter(failed_at__isnull=True).update(
        claimed_at=None,
        claim_token="",
        last_error=message,
        next_attempt_at=now + dt.timedelta(seconds=wait),
    )


def owed_again(rows: QuerySet) -> int:
    """Failed rows owed once more, their attempts counted afresh (an admin's resend)."""
    return rows.update(
        failed_at=None, claimed_at=None, claim_token="", attempts=0, next_attempt_at=None
    )


def failed_owed_again(rows: QuerySet) -> list:
    """The failed rows among `rows`, locked and owed once more (an admin's resend), in key
    order; the caller records its history and enqueues their sending. Call inside a
    transaction."""
    failed = list(
        rows.select_for_update(of=("self",))
        .filter(failed_at__isnull=False, sent_at__isnull=True)
        .order_by("pk")
    )
    if failed:
        owed_again(rows.model.objects.filter(pk__in=[row.pk for row in failed]))
    return failed


def record(update: Callable[[], int], *, seconds: float) -> int:
    """Run `update` until the database takes it, reconnecting, for up to `seconds`."""
    give_up = time.monotonic() + seconds
    pause = 0.2
    while True:
        try:
            return update()
        except DATABASE_AWAY:
            if time.monotonic() + pause > give_up:
                raise
            connection.close()  # the next query opens a new connection
            time.sleep(pause)
            pause = min(pause * 2, 5)
