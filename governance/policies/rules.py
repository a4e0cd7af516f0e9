"""Who may see, write, publish and acknowledge policies: the one place these rules live.

They rest on the shared notion of an active, read-only and managing user (accounts.rules)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.rules import is_active_user, is_lead, is_managing, may_write, sees_everything
from governance.models import Policy, PolicyVersion


def _owns(user, policy: Policy) -> bool:
    """The policy's owner; an auditor reads everything and writes nothing, even what they own."""
    return may_write(user) and policy.owner is not None and policy.owner.user_id == user.pk


def policies_visible_to(user) -> QuerySet[Policy]:
    """Leads, admins and auditors see every policy; everyone else the published ones they may
    have to follow, and the drafts of the policies they own."""
    policies = Policy.objects.all()
    if sees_everything(user):
        return policies
    if not is_active_user(user):
        return policies.none()
    return policies.filter(archived_at__isnull=True).filter(
        current_version__isnull=False
    ) | policies.filter(archived_at__isnull=True, owner__user=user)


def may_manage_policies(user) -> bool:
    """Leads and admins create policies, change their settings and keep the crisis roster."""
    return is_managing(user)


def may_draft(user, policy: Policy) -> bool:
    """Leads, admins and the policy's owner write drafts."""
    return policy.archived_at is None and (may_manage_policies(user) or _owns(user, policy))


def may_publish(user) -> bool:
    """Only a governance lead approves and publishes a version."""
    return is_lead(user)


def may_see_version(user, version: PolicyVersion) -> bool:
    return version.is_published or sees_everything(user) or _owns(user, version.policy)


def may_see_acknowledgements(user, policy: Policy) -> bool:
    """Leads, admins, auditors and the policy's owner see who accepted and who has not."""
    return sees_everything(user) or _owns(user, policy)
