"""Who may read and write audits, peers and platform evaluations: the one place these rules live.

Leads and admins write; auditors read everything; the person conducting an audit (often an
outside consultant) reads and scores that audit until it is completed."""

from __future__ import annotations

from django.db.models import QuerySet

from audits.choices import AuditStatus
from audits.models import Audit
from channels_registry.visibility import may_edit_any, sees_everything


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def audits_visible_to(user) -> QuerySet[Audit]:
    if sees_everything(user):
        return Audit.objects.all()
    if not _active(user):
        return Audit.objects.none()
    return Audit.objects.filter(auditor__user=user)


def may_read_audits(user) -> bool:
    """The audit area: everyone who sees everything, and anyone conducting an audit."""
    return sees_everything(user) or (
        _active(user) and Audit.objects.filter(auditor__user=user).exists()
    )


def may_manage_audits(user) -> bool:
    """Leads and admins create audits, edit criteria, peers and findings, record evaluations."""
    return may_edit_any(user)


def may_score(user, audit: Audit) -> bool:
    if audit.status == AuditStatus.COMPLETED or not _active(user):
        return False
    return may_manage_audits(user) or (
        audit.auditor is not None and audit.auditor.user_id == user.pk
    )


def may_read_evaluations(user) -> bool:
    return sees_everything(user)
