"""Global roles. They are Django groups, created by a data migration; admins are staff."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

GOVERNANCE_LEAD = "governance lead"
TEAM_MEMBER = "team member"
AUDITOR = "auditor"

ROLE_GROUPS = (GOVERNANCE_LEAD, TEAM_MEMBER, AUDITOR)
ROLE_LABELS = {
    GOVERNANCE_LEAD: _("Governance lead"),
    TEAM_MEMBER: _("Team member"),
    AUDITOR: _("Auditor"),
}


def _group_names(user) -> frozenset[str]:
    # Cached on the user object so a page asks the database once.
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = (
            frozenset(user.groups.values_list("name", flat=True))
            if user.is_authenticated
            else frozenset()
        )
        user._role_names = cached
    return cached


def has_role(user, role: str) -> bool:
    return user.is_authenticated and user.is_active and role in _group_names(user)


def is_governance_lead(user) -> bool:
    return has_role(user, GOVERNANCE_LEAD)


def is_auditor(user) -> bool:
    return has_role(user, AUDITOR)


def must_use_mfa(user) -> bool:
    """Staff and governance leads may not work without a second factor."""
    return user.is_authenticated and (user.is_staff or is_governance_lead(user))


def role_labels(user) -> list[str]:
    labels = [str(ROLE_LABELS[name]) for name in ROLE_GROUPS if has_role(user, name)]
    if user.is_authenticated and user.is_staff:
        labels.insert(0, str(_("Admin")))
    return labels
