"""Reads of the access register that several views share; each starts from what the user sees."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Person
from accounts.rules import is_managing, may_write
from channels_registry.choices import PRIVILEGE_RANK, PrivilegeLevel
from channels_registry.models import Channel
from core.pagination import page_of
from governance.choices import HOLDING_STATUSES, RequestStatus
from governance.models import AccessGrant, AccessRequest, Offboarding
from governance.offboarding.selectors import progress_annotations
from governance.rules import may_see_person

GRANT_RELATED = ("person__partner", "role", "granted_by", "revoked_by")


def grants_visible_to(user) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.filter(channel__in=Channel.objects.visible_to(user).values("pk"))


def grant_for(user, pk: int) -> AccessGrant:
    return get_object_or_404(
        grants_visible_to(user).select_related(
            "channel__platform", "channel__business_owner", "channel__backup_owner", *GRANT_RELATED
        ),
        pk=pk,
    )


def channel_access(channel: Channel, *, with_revoked: bool) -> dict:
    """The Access tab: holdings grouped by privilege level, pending requests, revoked on demand."""
    holding = sorted(
        AccessGrant.objects.filter(channel=channel, status__in=HOLDING_STATUSES).select_related(
            *GRANT_RELATED
        ),
        key=lambda g: (PRIVILEGE_RANK[g.role.privilege_level], g.role.order, g.person.last_name),
    )
    groups = [
        (PrivilegeLevel(level).label, list(grants))
        for level, grants in groupby(holding, key=lambda g: g.role.privilege_level)
    ]
    revoked = (
        AccessGrant.objects.filter(channel=channel, status="revoked")
        .select_related(*GRANT_RELATED)
        .order_by("-revoked_at")
        if with_revoked
        else None
    )
    requests = AccessRequest.objects.filter(
        channel=channel, status=RequestStatus.PENDING
    ).select_related("person", "role", "requested_by")
    return {
        "grant_groups": groups,
        "revoked": revoked,
        "pending_requests": requests,
        "holding_count": len(holding),
    }


def requests_visible_to(user) -> QuerySet[AccessRequest]:
    """Requests on channels the user sees, and the user's own."""
    return AccessRequest.objects.filter(
        Q(channel__in=Channel.objects.visible_to(user).values("pk"))
        | Q(person__user=user)
        | Q(requested_by=user)
    ).select_related("channel__business_owner", "channel__backup_owner", "person", "role")


def requests_to_decide(user) -> QuerySet[AccessRequest]:
    """Pending requests on channels the user owns or backs up; leads and admins see all; an
    auditor none, even on a channel they own (governance.rules.may_decide_request)."""
    if not may_write(user):
        return AccessRequest.objects.none()
    pending = (
        AccessRequest.objects.filter(status=RequestStatus.PENDING)
        .exclude(person__user=user)
        .exclude(requested_by=user)
    )
    if not is_managing(user):
        pending = pending.filter(
            Q(channel__business_owner__user=user) | Q(channel__backup_owner__user=user)
        )
    return pending.select_related(
        "channel__platform", "person__partner", "role", "requested_by"
    ).order_by("requested_at")


def person_for(user, pk: int) -> Person:
    person = get_object_or_404(
        Person.objects.select_related("team", "partner", "manager", "user"), pk=pk
    )
    if not may_see_person(user, person):
        raise Http404
    return person


GRANTS_PER_PAGE = 100  # a person's access held, a page at a time (as the admin lists them)


def person_holdings(person: Person, *, page=None) -> dict:
    """What the person page shows: the access held (page `page`), the last revoked, the
    channels the person answers for and the off-boarding."""
    related = ("channel__platform", "role")  # what the page shows of each grant
    # One query for every channel the person answers for, split by role below.
    responsible = list(
        Channel.objects.filter(
            Q(business_owner=person)
            | Q(backup_owner=person)
            | Q(two_factor_holder=person)
            | Q(recovery_phone_holder=person)
        )
        .select_related("platform")
        .order_by("name")
    )
    return {
        "grants": page_of(
            AccessGrant.objects.filter(person=person, status__in=HOLDING_STATUSES)
            .select_related(*related)
            .order_by("channel__platform__name", "channel__name", "pk"),
            GRANTS_PER_PAGE,
            page,
        ),
        "past_grants": AccessGrant.objects.filter(person=person, status="revoked")
        .select_related(*related)
        .order_by("-revoked_at")[:50],
        "owned": [c for c in responsible if c.business_owner_id == person.pk],
        "backed_up": [c for c in responsible if c.backup_owner_id == person.pk],
        "two_factor": [c for c in responsible if c.two_factor_holder_id == person.pk],
        "recovery_phone": [c for c in responsible if c.recovery_phone_holder_id == person.pk],
        "offboarding": Offboarding.objects.filter(person=person)
        .annotate(**progress_annotations())
        .first(),
    }
