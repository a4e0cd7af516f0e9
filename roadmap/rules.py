"""Who may read and write the roadmap and objectives: the one place these rules live.

Everyone with a role reads them (the plan is the team's); leads and admins write; a milestone's
owner moves their milestone along."""

from __future__ import annotations

from accounts.roles import TEAM_MEMBER, has_role, is_auditor, is_governance_lead
from channels_registry.visibility import may_edit_any, sees_everything


def may_read_roadmap(user) -> bool:
    return sees_everything(user) or has_role(user, TEAM_MEMBER)


def may_plan(user) -> bool:
    return may_edit_any(user)


def may_move_milestone(user, milestone) -> bool:
    if may_plan(user):
        return True
    if is_auditor(user) and not is_governance_lead(user):
        return False  # auditors read and never write, even what they own
    owner = milestone.owner
    return bool(
        user.is_authenticated and user.is_active and owner is not None and owner.user_id == user.pk
    )
