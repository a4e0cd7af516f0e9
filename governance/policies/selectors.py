"""Reads the policy pages share: one policy or version as the user may see it, the audience's
people, the crisis roster."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Person
from accounts.rules import is_active_user, may_write, sees_everything
from channels_registry.models import Channel
from governance.choices import PolicyKind
from governance.models import Acknowledgement, CrisisContact, Policy, PolicyVersion
from governance.policies.rules import may_see_version, policies_visible_to


def policy_for(user, pk: int) -> Policy:
    """The policy if the user may see it, else 404."""
    return get_object_or_404(
        policies_visible_to(user).select_related("current_version", "owner"), pk=pk
    )


def version_for(user, policy: Policy, number: int) -> PolicyVersion:
    version = get_object_or_404(
        PolicyVersion.objects.select_related("drafted_by", "published_by"),
        policy=policy,
        number=number,
    )
    version.policy = policy
    if not may_see_version(user, version):
        raise Http404
    return version


def audience_people(policy: Policy, people: QuerySet[Person]) -> QuerySet[Person]:
    """`people` (some of the audience) with when they accepted the current version (None if
    not yet), by name."""
    accepted = Acknowledgement.objects.filter(
        person=OuterRef("pk"), version_id=policy.current_version_id
    )
    return (
        people.select_related("team", "partner")
        .annotate(
            accepted=Exists(accepted),
            accepted_at=Subquery(accepted.values("acknowledged_at")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )


def roster(policy: Policy, user) -> QuerySet[CrisisContact]:
    """The crisis plan's call list: everything first, then each team, then each channel (only
    the channels the user may see)."""
    contacts = policy.crisis_contacts.filter(active=True)
    if not sees_everything(user):
        contacts = contacts.filter(
            Q(channel__isnull=True) | Q(channel__in=Channel.objects.visible_to(user))
        )
    return contacts.select_related("person", "team", "channel__platform").order_by(
        F("channel__name").asc(nulls_first=True),
        F("team__name").asc(nulls_first=True),
        "position",
        "pk",
    )


def crisis_contacts_for_channel(channel) -> list[CrisisContact]:
    """Who to call for this channel: its own contacts, its team's, then those for everything."""
    scope = Q(channel=channel) | Q(channel__isnull=True, team__isnull=True)
    if channel.team_id:
        scope |= Q(channel__isnull=True, team_id=channel.team_id)
    contacts = CrisisContact.objects.filter(
        scope,
        active=True,
        policy__kind=PolicyKind.CRISIS_PLAN,
        policy__archived_at__isnull=True,
        policy__current_version__isnull=False,  # a plan in force, not a draft
    ).select_related("person", "team", "policy")
    return sorted(
        contacts,
        key=lambda c: (0 if c.channel_id else 1 if c.team_id else 2, c.position, c.pk),
    )


def acknowledgements_visible_to(user) -> QuerySet[Acknowledgement]:
    """Every acceptance to leads, admins and auditors; to anyone else their own, and those of
    the policies they own (as `may_see_acknowledgements` shows them on the policy's page)."""
    acknowledgements = Acknowledgement.objects.all()
    if sees_everything(user):
        return acknowledgements
    if not is_active_user(user):
        return acknowledgements.none()
    seen = Q(person__user=user)
    if may_write(user):
        seen |= Q(version__policy__owner__user=user)
    return acknowledgements.filter(seen)
