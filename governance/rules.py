"""Who may act on access, requests, review campaigns and off-boardings: the one place these
rules live (policies have theirs in governance/policies/rules.py).

They rest on the shared notion of an active, read-only and managing user (accounts.rules): a
lead who is also an auditor is a lead for every write; an auditor alone never writes. Nobody
acts on an item about themselves: their own access, request or departure.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.rules import (
    is_active_user,
    is_managing,
    is_subject,
    may_write,
    sees_everything,
    takes_part,
)
from channels_registry.rules import owns
from governance.choices import HOLDING_STATUSES
from governance.models import AccessGrant


def channels_held_by(user) -> Q:
    """Team members also see the channels they hold access to."""
    return Q(
        pk__in=AccessGrant.objects.filter(person__user=user, status__in=HOLDING_STATUSES).values(
            "channel_id"
        )
    )


def may_manage_access(user, channel) -> bool:
    """Leads, admins and the channel's owners grant, change and revoke; auditors never."""
    return is_managing(user) or (may_write(user) and owns(user, channel))


def may_request(user) -> bool:
    """Team members, leads and admins ask for access; auditors and people without a role do not."""
    return takes_part(user)


def may_decide_request(user, request) -> bool:
    """Owners, leads and admins decide, but nobody decides their own request or one for themselves."""
    if not may_write(user) or is_subject(user, request.person):
        return False
    if request.requested_by_id == user.pk:
        return False
    return is_managing(user) or owns(user, request.channel)


def may_decide_item(user, item) -> bool:
    """The item's reviewer, a lead or an admin decide; never the reviewed person, never an auditor."""
    if not may_write(user) or is_subject(user, item.person):
        return False
    return item.reviewer_id == user.pk or is_managing(user)


def may_review(user, item) -> bool:
    """Who may be handed a review item: someone taking part who is not the reviewed person."""
    return takes_part(user) and not is_subject(user, item.person)


def may_run_campaigns(user) -> bool:
    """Leads and admins prepare, open and close access review campaigns."""
    return is_managing(user)


def may_see_evidence(user) -> bool:
    """A campaign's evidence: those who see everything (auditors first)."""
    return sees_everything(user)


def may_offboard(user) -> bool:
    """Leads and admins start off-boardings and import leavers."""
    return is_managing(user)


def may_see_person(user, person) -> bool:
    return sees_everything(user) or (is_active_user(user) and is_subject(user, person))


def may_see_task(user, task) -> bool:
    """A task without an off-boarding (a review's or an expiry's): its assignee and those who see
    everything. An off-boarding's tasks are seen with the off-boarding."""
    return sees_everything(user) or (is_active_user(user) and task.assignee_id == user.pk)


def may_confirm_task(user, task) -> bool:
    """The assignee, a lead or an admin confirm a task; never its subject, never an auditor."""
    if not may_write(user) or is_subject(user, task.subject):
        return False
    return task.assignee_id == user.pk or is_managing(user)


def may_resend_reminders(user) -> bool:
    """Whoever may change the outbox in the admin sends failed reminders again (and is told of
    them on the dashboard)."""
    return is_active_user(user) and user.has_perm("governance.change_reminder")
