"""Reads of the reconciliation that pages share: what a channel's platform showed at a time,
and what its Platform tab lists."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from channels_registry.choices import PrivilegeLevel
from governance.choices import HOLDING_STATUSES
from governance.models import AccessGrant
from governance.reconciliation.models import DriftFinding, Observation, ObservedHolder


def observation_at(channel, moment: dt.datetime) -> Observation | None:
    """The newest successful reading of the channel taken at or before `moment`."""
    return (
        Observation.objects.succeeded()
        .filter(channel_id=channel.pk, seen_at__lte=moment)
        .order_by("-seen_at", "-pk")
        .first()
    )


def holders_on(channel, day: dt.date) -> QuerySet[ObservedHolder]:
    """Who the platform listed on the channel on `day`: the holders of the last reading taken by
    the end of that day (in the site's time zone); none if nobody had read it yet."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    observation = observation_at(channel, end - dt.timedelta(microseconds=1))
    if observation is None:
        return ObservedHolder.objects.none()
    return observation.holders.select_related("role", "person").order_by("name")


def admins_on(channel, day: dt.date) -> QuerySet[ObservedHolder]:
    """ "Who was admin of this Page on 12 March": the admins the platform listed that day."""
    return holders_on(channel, day).filter(role__privilege_level=PrivilegeLevel.ADMIN)


def open_findings(channel) -> QuerySet[DriftFinding]:
    return (
        DriftFinding.objects.open()
        .filter(channel_id=channel.pk)
        .select_related("holder__role", "holder__person", "grant__role", "person", "observation")
        .prefetch_related("tasks")
        .order_by("kind", "first_seen_at", "pk")
    )


def platform_tab(channel) -> dict:
    """The newest reading (a failure included), the holders of the newest good one, each with
    the person's grant there, and the open findings."""
    last = Observation.objects.filter(channel_id=channel.pk).order_by("-seen_at", "-pk").first()
    good = last if last is None or not last.failure else observation_at(channel, last.seen_at)
    holders = []
    if good is not None:
        grants = AccessGrant.objects.filter(
            channel_id=channel.pk, status__in=HOLDING_STATUSES
        ).select_related("role")
        holders = list(
            good.holders.select_related("role", "person")
            .prefetch_related(Prefetch("person__grants", queryset=grants, to_attr="here"))
            .order_by(F("person").asc(nulls_first=True), "name")
        )
    return {"last_observation": last, "observation": good, "holders": holders}


def still_listed(task) -> ObservedHolder | None:
    """The holder the channel's newest reading lists for a revocation task's subject (by person,
    or by the platform's identity of a holder nobody matched), or None."""
    observation = observation_at(task.channel, timezone.now())
    if observation is None:
        return None
    holders = observation.holders.select_related("observation")
    subject = task.subject
    if subject is not None:
        return holders.filter(person_id=subject.pk).first()
    holder = task.drift_finding.holder if task.drift_finding_id else None
    if holder is None:
        return None
    if holder.external_id:
        return holders.filter(external_id=holder.external_id).first()
    return holders.filter(external_id="", name__iexact=holder.name).first()


def with_platform_view(items: QuerySet) -> QuerySet:
    """Review items (or anything with `channel_id` and `person_id`) annotated, in the same
    query, with what their channel's newest reading said of the person: `seen_at` (None if
    never read), `seen_role` (None if not listed) and `seen_active`."""
    newest = (
        Observation.objects.succeeded()
        .filter(channel_id=OuterRef(OuterRef("channel_id")))
        .order_by("-seen_at", "-pk")
    )
    holders = ObservedHolder.objects.filter(
        observation_id=Subquery(newest.values("pk")[:1]), person_id=OuterRef("person_id")
    ).order_by("pk")
    return items.annotate(
        seen_at=Subquery(
            Observation.objects.succeeded()
            .filter(channel_id=OuterRef("channel_id"))
            .order_by("-seen_at", "-pk")
            .values("seen_at")[:1]
        ),
        seen_role=Subquery(holders.values("role_name")[:1]),
        seen_active=Subquery(holders.values("last_active_at")[:1]),
    )
