"""Writes of the reconciliation: an observation recorded (or its failure), its findings opened,
refreshed and resolved, and the one-step remedies a finding offers.

`observations_record` is the one entry point of every connector (API or file): a batch of
readings of many channels, recorded with set-based writes; `observation_record` is a batch of
one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor, actor_row
from accounts.choices import ChangeAction
from accounts.history import history_bulk_record_changes, history_record
from channels_registry.models import Channel
from core.bulk import insert_rows, insert_rows_returning, update_rows
from governance import events
from governance.reconciliation import findings
from governance.reconciliation.connectors import ConnectorFailure, Reading
from governance.reconciliation.matching import HOLDER_FIELDS, Matcher
from governance.reconciliation.models import (
    DriftFinding,
    Observation,
    ObservedHolder,
)


def channel_locked(channel: Channel) -> Channel:
    """The channel, locked: two readings of one channel reconcile one after the other."""
    return (
        Channel.objects.select_for_update(of=("self",))
        .select_related("platform")
        .get(pk=channel.pk)
    )


def _new_observation(*, actor: Actor, channel: Channel, now: dt.datetime, **fields) -> Observation:
    user, label = actor_row(actor)
    return Observation(
        channel=channel, recorded_at=now, recorded_by=user, recorded_by_label=label, **fields
    )


def _check_reading(reading: Reading) -> None:
    """One reading names each holder once (by platform id, else e-mail, else name)."""
    seen: set[str] = set()
    for holder in reading.holders:
        if not holder.name.strip() or not holder.role.strip():
            raise ValidationError(_("Every holder needs a name and a role."))
        key = holder.external_id or holder.email.lower() or " ".join(holder.name.split()).lower()
        if key in seen:
            raise ValidationError(
                _("%(name)s is listed twice in this reading.") % {"name": holder.name}
            )
        seen.add(key)


def reading_problem(reading: Reading) -> str:
    """Why the reconciliation would refuse `reading`, or "" (for a caller that sorts a batch)."""
    try:
        _check_reading(reading)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _channels_locked(channels: Iterable[Channel]) -> dict[int, Channel]:
    """The channels, locked in the order of their ids (two batches never wait on each other in
    a circle): two readings of one channel reconcile one after the other."""
    return {
        channel.pk: channel
        for channel in Channel.objects.select_for_update(of=("self",))
        .filter(pk__in={channel.pk for channel in channels})
        .order_by("pk")
    }


@transaction.atomic
def observation_record(
    *, actor: Actor, channel: Channel, reading: Reading, now: dt.datetime
) -> Observation:
    """Record what a connector saw on a channel, match its holders to people, and open,
    refresh or resolve the channel's drift findings; all of it or nothing. A batch of one."""
    return observations_record(actor=actor, readings=[(channel, reading)], now=now)[0]


@transaction.atomic
def observations_record(
    *, actor: Actor, readings: Sequence[tuple[Channel, Reading]], now: dt.datetime
) -> list[Observation]:
    """Record what connectors saw on many channels, match all their holders to people, and open,
    refresh or resolve the channels' drift findings, in one transaction with set-based writes:
    a constant number of queries whatever the number of channels and holders; all or nothing."""
    for _channel, reading in readings:
        _check_reading(reading)
    channels = _channels_locked(channel for channel, _reading in readings)
    observations = Observation.objects.bulk_create(
        [
            _new_observation(
                actor=actor,
                channel=channels[channel.pk],
                now=now,
                seen_at=reading.seen_at,
                source=reading.source[:40],
                details=dict(reading.details),
            )
            for channel, reading in readings
        ]
    )
    matcher = Matcher(
        (channels[channel.pk].platform_id, seen)
        for channel, reading in readings
        for seen in reading.holders
    )
    insert_rows(
        ObservedHolder,
        HOLDER_FIELDS,
        [
            matcher.holder_row(observation.channel.platform_id, observation.pk, seen)
            for observation, (_channel, reading) in zip(observations, readings, strict=True)
            for seen in reading.holders
        ],
    )
    history_bulk_record_changes(
        actor=actor,
        entries=[
            (
                observation,
                {
                    "source": [None, observation.source],
                    "seen_at": [None, observation.seen_at.isoformat()],
                    "holders": [None, len(reading.holders)],
                },
            )
            for observation, (_channel, reading) in zip(observations, readings, strict=True)
        ],
        action=ChangeAction.CREATE,
    )
    findings_reconcile_many(actor=actor, channels=channels.values(), now=now)
    return observations


@transaction.atomic
def observation_failed(
    *,
    actor: Actor,
    channel: Channel,
    source: str,
    failure: ConnectorFailure,
    detail: str = "",
    now: dt.datetime,
) -> Observation:
    """Record that a connector could not read a channel: the channel shows why; its findings
    stay as the last good reading left them."""
    channel = channel_locked(channel)
    observation = _new_observation(
        actor=actor,
        channel=channel,
        now=now,
        seen_at=now,
        source=source[:40],
        failure=failure,
        detail=detail[:300],
    )
    observation.save()
    history_record(
        actor=actor,
        obj=observation,
        action=ChangeAction.CREATE,
        changes={"source": [None, observation.source], "failure": [None, str(failure)]},
        message=detail,
    )
    return observation


def latest_observation(channel: Channel) -> Observation | None:
    """The channel's newest successful reading, the one its findings come from."""
    return (
        Observation.objects.succeeded()
        .filter(channel_id=channel.pk)
        .select_related("channel")
        .order_by("-seen_at", "-pk")
        .first()
    )


def findings_reconcile(*, actor: Actor, channel: Channel, now: dt.datetime) -> None:
    """Bring the channel's open findings in line with its newest reading (see
    `findings_reconcile_many`)."""
    findings_reconcile_many(actor=actor, channels=[channel], now=now)


def _newest_observations(channel_ids: Iterable[int]) -> list[Observation]:
    """The newest successful reading of each channel (those never read have none), one query."""
    newest = (
        Observation.objects.succeeded()
        .filter(channel_id=OuterRef("pk"))
        .order_by("-seen_at", "-pk")
        .values("pk")[:1]
    )
    ids = Channel.objects.filter(pk__in=list(channel_ids)).values(latest=Subquery(newest))
    return list(Observation.objects.filter(pk__in=ids).select_related("channel").order_by("pk"))


def findings_reconcile_many(*, actor: Actor, channels: Iterable[Channel], now: dt.datetime) -> None:
    """Bring the channels' open findings in line with each one's newest reading: open those it
    shows for the first time, refresh those it still shows, resolve the others. Runs in the
    caller's transaction, with the channels locked; a constant number of queries."""
    observations = _newest_observations(channel.pk for channel in channels)
    if not observations:
        return
    newest = {observation.channel_id: observation for observation in observations}
    expected = findings.expected_findings(observations, now)
    current = {}
    for finding in DriftFinding.objects.open().filter(channel_id__in=list(newest)).order_by():
        finding.channel = newest[finding.channel_id].channel
        current[finding.channel_id, finding.kind, finding.subject_key] = finding
    opened = [
        _opened(item, newest[item.channel_id])
        for key, item in expected.items()
        if key not in current
    ]
    refreshed = [
        _refresh(f, expected[key], newest[f.channel_id])
        for key, f in current.items()
        if key in expected
    ]
    resolved = [f for key, f in current.items() if key not in expected]
    for finding in resolved:
        finding.resolved_at = now
    _insert_opened(opened)
    _save_refreshed(refreshed)
    DriftFinding.objects.filter(pk__in=[f.pk for f in resolved]).update(resolved_at=now)
    _record_changes(actor, opened, resolved)
    events.drift_found(opened, now=now)


def _opened(item: findings.Expected, observation: Observation) -> DriftFinding:
    return DriftFinding(
        channel=observation.channel,
        kind=item.kind,
        subject_key=item.subject_key,
        holder_id=item.holder_id,
        grant_id=item.grant_id,
        person_id=item.person_id,
        observation=observation,
        first_seen_at=observation.seen_at,
        last_seen_at=observation.seen_at,
    )


OPENED_FIELDS = (
    "channel_id",
    "kind",
    "subject_key",
    "holder_id",
    "grant_id",
    "person_id",
    "observation_id",
    "first_seen_at",
    "last_seen_at",
)


def _insert_opened(opened: list[DriftFinding]) -> None:
    """One statement, the new findings' ids set on them (bulk_create prepares every value of
    every row in Python, which thousands of findings feel)."""
    ids = insert_rows_returning(
        DriftFinding,
        OPENED_FIELDS,
        [tuple(getattr(f, name) for name in OPENED_FIELDS) for f in opened],
    )
    for finding, pk in zip(opened, ids, strict=True):
        finding.pk = pk
        finding._state.adding = False


def _save_refreshed(refreshed: list[DriftFinding]) -> None:
    """One statement, whatever the number of findings (bulk_update's CASE grows with the square
    of the rows)."""
    update_rows(
        DriftFinding,
        ["holder", "grant", "person", "observation", "last_seen_at"],
        [
            (f.pk, f.holder_id, f.grant_id, f.person_id, f.observation_id, f.last_seen_at)
            for f in refreshed
        ],
    )


def _refresh(
    finding: DriftFinding, item: findings.Expected, observation: Observation
) -> DriftFinding:
    finding.holder_id = item.holder_id
    finding.grant_id = item.grant_id
    finding.person_id = item.person_id
    finding.observation = observation
    finding.last_seen_at = max(finding.last_seen_at, observation.seen_at)
    return finding


def _record_changes(actor: Actor, opened: list, resolved: list) -> None:
    history_bulk_record_changes(
        actor=actor,
        entries=[(f, {"kind": [None, f.kind], "subject": [None, f.subject_key]}) for f in opened],
        action=ChangeAction.CREATE,
        message=gettext_noop("Seen on the platform"),
    )
    history_bulk_record_changes(
        actor=actor,
        entries=[(f, {"resolved_at": [None, f.resolved_at.isoformat()]}) for f in resolved],
        action=ChangeAction.UPDATE,
        message=gettext_noop("No longer seen on the platform"),
    )
