"""The scheduled reading of channels through their API connector.

Beat runs `channel_sources_claim_due` every few minutes: it claims the channels due, at most
CONNECTOR_SYNC_CONCURRENCY per connector at once (a claim is a lease in the database, so a
worker that dies frees its channel when the lease ends), and enqueues the tasks that read them
after the commit, CONNECTOR_SYNC_BATCH channels at most per task. A task reads with the
connectors (no transaction is open while a platform answers), records each failure with
`channel_source_read_failed`, then hands every complete reading to the reconciliation in one
batch with `channel_sources_read_record`. Each sets the channel's next due date: a day later
(CONNECTOR_SYNC_HOURS), or when the platform said to come back after a rate limit, or after a
back-off that doubles with each failure. Due dates live in the database, never in Celery."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor, Agent
from accounts.choices import ChangeAction
from accounts.history import history_record
from channels_registry.models import Channel
from governance.reconciliation.connectors import (
    ConnectorError,
    ConnectorFailure,
    Reading,
    platform_connectors,
)
from governance.reconciliation.models_credentials import ChannelSource
from governance.reconciliation.rules import may_sync_now
from governance.reconciliation.services import (
    observation_failed,
    observations_record,
    reading_problem,
)

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=15)  # longer than a task may run (CELERY_TASK_TIME_LIMIT)
FIRST_BACKOFF = timedelta(minutes=15)
# The credentials themselves are refused: reading again before an admin mends them is useless
# (mending them makes the channels due at once).
NEEDS_AN_ADMIN = {
    ConnectorFailure.EXPIRED_TOKEN,
    ConnectorFailure.PERMISSION_MISSING,
    ConnectorFailure.NOT_FOUND,
}


def _interval() -> timedelta:
    return timedelta(hours=settings.CONNECTOR_SYNC_HOURS)


def _due(now: datetime):
    return ChannelSource.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
        active=True,
        credential__active=True,
        next_sync_at__lte=now,
    )


@transaction.atomic
def channel_sources_claim_due(*, now: datetime, enqueue: Callable[[int], object]) -> int:
    """Claim the channels due, at most CONNECTOR_SYNC_CONCURRENCY being read per connector, and
    call `enqueue(channel_id)` for each once the claims are committed."""
    claimed = 0
    for connector in platform_connectors:
        # Locking the connector's sources (read, so the lock is taken) makes two sweeps claim
        # one after the other.
        leases = ChannelSource.objects.select_for_update(of=("self",)).filter(
            credential__connector=connector.key, active=True
        )
        busy = sum(
            1 for lease in leases.values_list("claimed_until", flat=True) if lease and lease > now
        )
        free = settings.CONNECTOR_SYNC_CONCURRENCY - busy
        if free <= 0:
            continue
        due = list(
            _due(now)
            .filter(credential__connector=connector.key)
            .order_by("next_sync_at", "pk")
            .values_list("pk", "channel_id")[:free]
        )
        ChannelSource.objects.filter(pk__in=[pk for pk, _ in due]).update(claimed_until=now + LEASE)
        for _pk, channel_id in due:
            transaction.on_commit(_later(enqueue, channel_id))
        claimed += len(due)
    return claimed


@transaction.atomic
def channel_source_sync_now(
    *, actor: Actor, source: ChannelSource, now: datetime, enqueue: Callable[[int], object]
) -> ChannelSource:
    """A lead reads a channel now: claim its source as the sweep does (so that a second click
    or the sweep does not read it twice) and call `enqueue(channel_id)` once committed."""
    source = (
        ChannelSource.objects.select_for_update(of=("self",))
        .select_related("channel", "credential")
        .get(pk=source.pk)
    )
    if not may_sync_now(actor, source.channel):
        raise PermissionDenied(_("You may not read this channel now."))
    if not (source.active and source.credential.active):
        raise ValidationError(_("This channel is not read through a platform's API."))
    if source.claimed_until and source.claimed_until > now:
        raise ValidationError(_("The platform is being read already."))
    source.claimed_until = now + LEASE
    source.save(update_fields=["claimed_until"])
    history_record(
        actor=actor,
        obj=source,
        action=ChangeAction.UPDATE,
        changes={"claimed_until": [None, source.claimed_until.isoformat()]},
        message=gettext_noop("Reading asked now"),
    )
    transaction.on_commit(_later(enqueue, source.channel_id))
    return source


def _later(enqueue: Callable[[int], object], channel_id: int) -> Callable[[], None]:
    def send() -> None:
        enqueue(channel_id)

    return send


def _actor(source: ChannelSource) -> Agent:
    return _agent(source.credential.connector)


def _agent(key: str) -> Agent:
    connector = platform_connectors.get(key)
    return Agent(str(connector.label) if connector else key)


@transaction.atomic
def channel_source_read_record(*, source: ChannelSource, reading: Reading, now: datetime) -> None:
    """Hand a complete reading to the reconciliation; the channel is due again in a day. A batch
    of one."""
    channel_sources_read_record(readings=[(source, reading)], now=now)


@transaction.atomic
def channel_sources_read_record(
    *, readings: Sequence[tuple[ChannelSource, Reading]], now: datetime
) -> None:
    """Hand several channels' complete readings to the reconciliation in one batch (one per
    connector, whose name signs the history); each channel is due again in a day. A reading the
    reconciliation refuses (a holder listed twice) is that channel's failure, not the batch's."""
    locked = {
        source.pk: source
        for source in ChannelSource.objects.select_for_update()
        .select_related("channel", "credential")
        .filter(pk__in={source.pk for source, _reading in readings})
        .order_by("pk")
    }
    by_connector: dict[str, list[tuple[Channel, Reading]]] = {}
    read = []
    for source, reading in readings:
        source = locked[source.pk]
        problem = reading_problem(reading)
        if problem:
            _read_failed(source, ConnectorError(ConnectorFailure.MALFORMED, problem), now)
            continue
        by_connector.setdefault(source.credential.connector, []).append((source.channel, reading))
        read.append(source.pk)
    for connector, batch in by_connector.items():
        observations_record(actor=_agent(connector), readings=batch, now=now)
    ChannelSource.objects.filter(pk__in=read).update(
        last_read_at=now,
        next_sync_at=now + _interval(),
        claimed_until=None,
        failures_in_a_row=0,
        last_failure="",
        last_failure_detail="",
    )


def _next_try(error: ConnectorError, failures: int, now: datetime) -> datetime:
    if error.failure in NEEDS_AN_ADMIN:
        return now + _interval()
    if error.failure == ConnectorFailure.RATE_LIMITED and error.retry_after:
        return now + timedelta(seconds=error.retry_after)
    return now + min(_interval(), FIRST_BACKOFF * 2 ** (failures - 1))


@transaction.atomic
def channel_source_read_failed(
    *, source: ChannelSource, error: ConnectorError, now: datetime
) -> None:
    """Say on the channel why it could not be read (nothing of a reading is written), and when
    it will be read again."""
    source = (
        ChannelSource.objects.select_for_update()
        .select_related("channel", "credential")
        .get(pk=source.pk)
    )
    _read_failed(source, error, now)


def _read_failed(source: ChannelSource, error: ConnectorError, now: datetime) -> None:
    observation_failed(
        actor=_actor(source),
        channel=source.channel,
        source=source.credential.connector,
        failure=error.failure,
        detail=error.detail,
        now=now,
    )
    source.failures_in_a_row += 1
    source.next_sync_at = _next_try(error, source.failures_in_a_row, now)
    source.claimed_until = None
    source.last_failure = error.failure
    source.last_failure_detail = error.detail[:300]
    source.save(update_fields=_BOOKKEEPING)
    logger.warning(
        "channel %s not read by %s: %s (%s); next try at %s",
        source.channel_id,
        source.credential.connector,
        error.failure,
        error.detail,
        source.next_sync_at.isoformat(),
    )


_BOOKKEEPING = [
    "last_read_at",
    "next_sync_at",
    "claimed_until",
    "failures_in_a_row",
    "last_failure",
    "last_failure_detail",
]
