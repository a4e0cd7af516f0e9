"""Who may act on access, requests and off-boardings: the one place these rules live."""

from __future__ import annotations

from django.db.models import Q

from accounts.roles import TEAM_MEMBER, has_role, is_auditor, is_governance_lead
from channels_registry.visibility import may_edit_any, sees_everything
from governance.choices import HOLDING_STATUSES
from governance.models import AccessGrant


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def channels_held_by(user) -> Q:
    """Team members also see the channels they hold access to."""
    return Q(
        pk__in=AccessGrant.objects.filter(person__user=user, status__in=HOLDING_STATUSES).values(
            "channel_id"
        )
    )


def owns(user, channel) -> bool:
    return _active(user) and user.pk in {
        getattr(channel.business_owner, "user_id", None),
        getattr(channel.backup_owner, "user_id", None),
    }


def may_manage_access(user, channel) -> bool:
    """Leads, admins and the channel's owners grant and revoke; auditors never."""
    if not _active(user) or (is_auditor(user) and not user.is_staff):
        return False
    return may_edit_any(user) or owns(user, channel)


def _read_only(user) -> bool:
    return is_auditor(user) and not user.is_staff and not is_governance_lead(user)


def may_decide_request(user, request) -> bool:
    """Owners, leads and admins decide, but nobody decides their own request or one for themselves."""
    if not _active(user) or _read_only(user):
        return False
    if request.requested_by_id == user.pk or request.person.user_id == user.pk:
        return False
    return may_edit_any(user) or owns(user, request.channel)


def may_request(user) -> bool:
    """Team members, leads and admins ask for access; auditors and people without a role do not."""
    return _active(user) and (
        user.is_staff or has_role(user, TEAM_MEMBER) or is_governance_lead(user)
    )


def may_decide_item(user, item) -> bool:
    """The item's reviewer, a lead or an admin decide; never the reviewed person, never an auditor."""
    if not _active(user) or item.person.user_id == user.pk or _read_only(user):
        return False
    return item.reviewer_id == user.pk or may_edit_any(user)


def may_offboard(user) -> bool:
    """Leads and admins start off-boardings and run review campaigns: the registry's own rule."""
    return may_edit_any(user)


def may_see_person(user, person) -> bool:
    return sees_everything(user) or (_active(user) and person.user_id == user.pk)


def may_confirm_task(user, task) -> bool:
    if not _active(user) or task.subject.user_id == user.pk:
        return False
    return task.assignee_id == user.pk or may_edit_any(user)
