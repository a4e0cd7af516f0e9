"""Who sees and who manages a channel: the one place these rules live.

Upper apps widen what a team member sees (e.g. channels they hold access to) by registering a
rule in AppConfig.ready(); this app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.db.models import Q

from accounts.roles import TEAM_MEMBER, has_role, is_auditor, is_governance_lead

# A rule widens what a team member sees; it must be a `pk__in` subquery, not a join.
VisibilityRule = Callable[[object], Q]
_extra_rules: list[VisibilityRule] = []


def register_visibility_rule(rule: VisibilityRule) -> None:
    if rule not in _extra_rules:
        _extra_rules.append(rule)


def sees_everything(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_staff or is_governance_lead(user) or is_auditor(user))
    )


def may_edit_any(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_staff or is_governance_lead(user))


def may_create(user) -> bool:
    return may_edit_any(user) or has_role(user, TEAM_MEMBER)


def may_import(user) -> bool:
    return may_edit_any(user)


class ChannelQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChannelQuerySet:
        if sees_everything(user):
            return self
        if not (user.is_authenticated and user.is_active):
            return self.none()
        condition = Q(business_owner__user=user) | Q(backup_owner__user=user)
        for rule in _extra_rules:
            condition |= rule(user)
        # Rules are subqueries (pk__in …), so no join multiplies the rows.
        return self.filter(condition)

    def editable_by(self, user) -> ChannelQuerySet:
        if may_edit_any(user):
            return self
        if not (user.is_authenticated and user.is_active) or is_auditor(user):
            return self.none()
        return self.filter(Q(business_owner__user=user) | Q(backup_owner__user=user))


def may_edit(user, channel) -> bool:
    """Leads, admins and the channel's owners edit it; auditors never do."""
    if may_edit_any(user):
        return True
    if not (user.is_authenticated and user.is_active) or is_auditor(user):
        return False
    return user.pk is not None and user.pk in {
        getattr(channel.business_owner, "user_id", None),
        getattr(channel.backup_owner, "user_id", None),
    }


def may_archive(user, channel) -> bool:
    if may_edit_any(user):
        return True
    return may_edit(user, channel) and getattr(channel.business_owner, "user_id", None) == user.pk
