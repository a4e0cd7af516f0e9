"""Who may read and write the roadmap and objectives: the one place these rules live.

Everyone with a role reads them (the plan is the team's); leads and admins write; a milestone's
owner moves their milestone along. They rest on the shared notion of an active, read-only and
managing user (accounts.rules)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.rules import is_managing, may_write, sees_everything, takes_part
from roadmap.models import KpiReading, Objective


def may_read_roadmap(user) -> bool:
    return sees_everything(user) or takes_part(user)


def objectives_visible_to(user) -> QuerySet[Objective]:
    """Every objective, active or closed, to those who read the roadmap; none to anyone else."""
    if may_read_roadmap(user):
        return Objective.objects.all()
    return Objective.objects.none()


def readings_visible_to(user) -> QuerySet[KpiReading]:
    """The KPI readings of the objectives the user sees."""
    if may_read_roadmap(user):
        return KpiReading.objects.all()
    return KpiReading.objects.none()


def may_plan(user) -> bool:
    return is_managing(user)


def may_move_milestone(user, milestone) -> bool:
    """Planners, and the milestone's owner; auditors read and never write, even what they own."""
    if may_plan(user):
        return True
    owner = milestone.owner
    return may_write(user) and owner is not None and owner.user_id == user.pk
