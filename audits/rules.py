"""Who may read and write audits, peers and platform evaluations: the one place these rules live.

Leads and admins write; auditors read everything; the person conducting an audit (often an
outside consultant) reads and scores that audit until it is completed, and reads the criteria
and peers it is scored against meanwhile. They rest on the shared notion of an active,
read-only and managing user (accounts.rules)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.rules import is_active_user, is_managing, may_write, sees_everything
from audits.choices import AuditStatus
from audits.models import Audit, PlatformEvaluation


def _conducted_by(user) -> QuerySet[Audit]:
    """The audits the user conducts that are not completed yet."""
    return Audit.objects.filter(auditor__user=user).exclude(status=AuditStatus.COMPLETED)


def audits_visible_to(user) -> QuerySet[Audit]:
    if sees_everything(user):
        return Audit.objects.all()
    if not is_active_user(user):
        return Audit.objects.none()
    return _conducted_by(user)


def may_read_audits(user) -> bool:
    """The audit area (its list, criteria and peers): everyone who sees everything, and anyone
    conducting an audit that is not completed."""
    return sees_everything(user) or (is_active_user(user) and _conducted_by(user).exists())


def may_manage_audits(user) -> bool:
    """Leads and admins create audits, edit criteria, peers and findings, record evaluations."""
    return is_managing(user)


def may_score(user, audit: Audit) -> bool:
    """Leads, admins and the audit's own auditor score it, until it is completed."""
    if audit.status == AuditStatus.COMPLETED or not may_write(user):
        return False
    return may_manage_audits(user) or (
        audit.auditor is not None and audit.auditor.user_id == user.pk
    )


def may_read_evaluations(user) -> bool:
    """Platform evaluations are the organisation's own decisions: those who see everything."""
    return sees_everything(user)


def evaluations_visible_to(user) -> QuerySet[PlatformEvaluation]:
    """Every evaluation to those who read evaluations; none to anyone else."""
    if may_read_evaluations(user):
        return PlatformEvaluation.objects.all()
    return PlatformEvaluation.objects.none()
