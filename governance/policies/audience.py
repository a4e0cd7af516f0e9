"""Who must read a policy and who already accepted its current version.

Computed for many policies at once in four queries, whatever the number of policies: the people,
the holders of active access, the chosen teams and the acknowledgements of current versions.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, QuerySet

from accounts.choices import PersonStatus
from accounts.history import history_version
from accounts.models import Person
from governance.choices import GrantStatus, PolicyAudience
from governance.models import AccessGrant, Acknowledgement, Policy


@dataclass(frozen=True)
class Coverage:
    acknowledged: int
    audience: int

    @property
    def percent(self) -> int:
        # Rounded down: 199 of 200 is not 100%.
        return 100 * self.acknowledged // self.audience if self.audience else 100


class Audiences:
    """The audience of each policy, and who in it accepted the current version."""

    def __init__(self, policies: Iterable[Policy], *, person_ids: Iterable[int] | None = None):
        self.policies = list(policies)
        people = Person.objects.exclude(status=PersonStatus.LEFT)
        grants = AccessGrant.objects.filter(status=GrantStatus.ACTIVE)
        if person_ids is not None:
            person_ids = list(person_ids)
            people = people.filter(pk__in=person_ids)
            grants = grants.filter(person_id__in=person_ids)
        self._people: dict[int, tuple[int | None, int | None]] = {}
        self._users: dict[int, int] = {}
        self._created: dict[int, object] = {}
        # Unordered: these are looked up, never listed (sorting 10,000 people costs).
        for pk, team, partner, user, active, created in people.order_by().values_list(
            "pk", "team_id", "partner_id", "user_id", "user__is_active", "created_at"
        ):
            self._people[pk] = (team, partner)
            self._created[pk] = created
            if user is not None and active:
                self._users[pk] = user
        # Since when each person holds access: someone granted later is asked from that day.
        self._holding_since = dict(
            grants.values("person_id")
            .annotate(first=Min("granted_at"))
            .values_list("person_id", "first")
        )
        self._holders = set(self._holding_since)
        self._teams: dict[int, set[int]] = defaultdict(set)
        team_policies = [p.pk for p in self.policies if p.audience == PolicyAudience.TEAMS]
        if team_policies:
            for policy_id, team_id in Policy.teams.through.objects.filter(
                policy_id__in=team_policies
            ).values_list("policy_id", "team_id"):
                self._teams[policy_id].add(team_id)
        self._acknowledged: dict[int, set[int]] = defaultdict(set)
        versions = [p.current_version_id for p in self.policies if p.current_version_id]
        if versions:
            acknowledgements = Acknowledgement.objects.filter(version_id__in=versions)
            if person_ids is not None:
                acknowledgements = acknowledgements.filter(person_id__in=person_ids)
            for version_id, person_id in acknowledgements.order_by().values_list(
                "version_id", "person_id"
            ):
                self._acknowledged[version_id].add(person_id)

    def members(self, policy: Policy) -> set[int]:
        if policy.audience == PolicyAudience.HOLDERS:
            return self._holders & self._people.keys()
        if policy.audience == PolicyAudience.TEAMS:
            teams = self._teams[policy.pk]
            return {pk for pk, (team, _) in self._people.items() if team in teams}
        return {pk for pk, (_, partner) in self._people.items() if partner is not None}

    def acknowledged(self, policy: Policy) -> set[int]:
        return self.members(policy) & self._acknowledged[policy.current_version_id]

    def pending(self, policy: Policy) -> set[int]:
        return self.members(policy) - self._acknowledged[policy.current_version_id]

    def user_of(self, person_id: int) -> int | None:
        """The person's active user account, if they log in."""
        return self._users.get(person_id)

    def addressed_since(self, policy: Policy, person_id: int):
        """When the person entered the audience: holders from their first active grant, the
        others from when they joined the directory (the closest date the directory keeps)."""
        if policy.audience == PolicyAudience.HOLDERS:
            return self._holding_since.get(person_id)
        return self._created.get(person_id)

    def coverage(self, policy: Policy) -> Coverage:
        members = self.members(policy)
        return Coverage(len(members & self._acknowledged[policy.current_version_id]), len(members))


def addresses(policy: Policy, person: Person) -> bool:
    """Whether the policy speaks to this person now or once they hold access: they may accept it
    (a newcomer accepts a gating policy before their first access)."""
    if person.status == PersonStatus.LEFT:
        return False
    team_ids = {team.pk for team in policy.teams.all()}
    return would_be_in_audience(policy, person, team_ids)


def would_be_in_audience(policy: Policy, person: Person, team_ids: set[int]) -> bool:
    """Whether `person`, once granted access, is someone this policy addresses."""
    if policy.audience == PolicyAudience.HOLDERS:
        return True
    if policy.audience == PolicyAudience.TEAMS:
        return person.team_id in team_ids
    return person.partner_id is not None


def policies_blocking_access(person: Person) -> list[Policy]:
    """The gating policies whose current version `person` must accept before new access."""
    gates = list(
        Policy.objects.filter(
            gates_access=True, archived_at__isnull=True, current_version__isnull=False
        )
        .exclude(current_version__acknowledgements__person=person)
        .select_related("current_version")
        .prefetch_related("teams")
    )
    return [
        policy
        for policy in gates
        if would_be_in_audience(policy, person, {team.pk for team in policy.teams.all()})
    ]


def coverages(policies: Iterable[Policy]) -> dict[int, Coverage]:
    """Audiences(policies).coverage of each policy with a version in force, counted by the
    database in seven grouped queries whatever the number of people, grants, acceptances and
    policies (Audiences reads them all, for the questions about one person)."""
    policies = [p for p in policies if p.current_version_id]
    if not policies:
        return {}
    people = Person.objects.exclude(status=PersonStatus.LEFT).order_by()
    holders = _holders().filter(person__in=people)
    partners = people.filter(partner__isnull=False)
    accepted = Acknowledgement.objects.filter(
        version_id__in=[p.current_version_id for p in policies], person__in=people
    ).order_by()
    sizes = {
        PolicyAudience.HOLDERS: holders.distinct().count(),
        PolicyAudience.PARTNERS: partners.count(),
    }
    accepted_by = {
        # `accepted` already leaves out those who left: the holders alone (restricted to the
        # people again, the planner nests the two subqueries and reads every grant per row).
        PolicyAudience.HOLDERS: _per_version(accepted.filter(person_id__in=_holders())),
        PolicyAudience.PARTNERS: _per_version(accepted.filter(person__in=partners)),
    }
    team_sizes = dict(people.values_list("team_id").annotate(n=Count("pk")))
    accepted_by_team = {
        (version, team): n
        for version, team, n in accepted.values_list("version_id", "person__team_id").annotate(
            n=Count("pk")
        )
    }
    teams = _teams_of([p.pk for p in policies if p.audience == PolicyAudience.TEAMS])
    result = {}
    for policy in policies:
        version = policy.current_version_id
        if policy.audience == PolicyAudience.TEAMS:
            chosen = teams[policy.pk]
            audience = sum(team_sizes.get(team, 0) for team in chosen)
            acknowledged = sum(accepted_by_team.get((version, team), 0) for team in chosen)
        else:  # holders, or partners' people (as Audiences.members)
            kind = policy.audience if policy.audience in sizes else PolicyAudience.PARTNERS
            audience, acknowledged = sizes[kind], accepted_by[kind].get(version, 0)
        result[policy.pk] = Coverage(acknowledged, audience)
    return result


def members_of(policy: Policy) -> QuerySet[Person]:
    """Audiences([policy]).members(policy) as a query, for a page of them or a count: the
    holders of active access, the chosen teams' people, or the partners' people, never those
    who left."""
    people = Person.objects.exclude(status=PersonStatus.LEFT)
    if policy.audience == PolicyAudience.HOLDERS:
        return people.filter(pk__in=_holders())
    if policy.audience == PolicyAudience.TEAMS:
        return people.filter(
            team_id__in=Policy.teams.through.objects.filter(policy_id=policy.pk).values("team_id")
        )
    return people.filter(partner__isnull=False)


def accepted_current(policy: Policy) -> QuerySet:
    """The people who accepted the policy's current version, as a subquery of person ids."""
    return Acknowledgement.objects.filter(version_id=policy.current_version_id).values("person_id")


def kept_coverages(policies: Iterable[Policy]) -> dict[int, Coverage]:
    """coverages(), kept in the cache until the register changes (accounts' history version
    moves on every committed change) or DASHBOARD_CACHE_SECONDS pass: the same figures for
    every reader, and nothing in them depends on the date."""
    policies = [p for p in policies if p.current_version_id]
    shape = ",".join(f"{p.pk}.{p.current_version_id}.{p.audience}" for p in policies)
    key = f"policy-coverages:{history_version()}:{hashlib.sha256(shape.encode()).hexdigest()}"
    kept = cache.get(key)
    if kept is None:
        kept = coverages(policies)
        cache.set(key, kept, settings.DASHBOARD_CACHE_SECONDS)
    return kept


def _holders() -> QuerySet:
    """The people who hold active access, as a subquery of person ids."""
    return AccessGrant.objects.filter(status=GrantStatus.ACTIVE).values("person_id")


def _per_version(acknowledgements) -> dict[int, int]:
    return dict(acknowledgements.values_list("version_id").annotate(n=Count("pk")))


def _teams_of(policy_ids: list[int]) -> dict[int, set[int]]:
    teams: dict[int, set[int]] = defaultdict(set)
    for policy_id, team_id in Policy.teams.through.objects.filter(
        policy_id__in=policy_ids
    ).values_list("policy_id", "team_id"):
        teams[policy_id].add(team_id)
    return teams
