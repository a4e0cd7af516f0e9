"""Lookups the audit views share: an object as the user may see it, or 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from audits.models import Audit, ChannelAssessment, Finding
from audits.rules import audits_visible_to, may_manage_audits, may_read_audits


def readable(user) -> None:
    if not may_read_audits(user):
        raise PermissionDenied


def managing(user) -> None:
    if not may_manage_audits(user):
        raise PermissionDenied


def audit_for(user, pk: int) -> Audit:
    return get_object_or_404(audits_visible_to(user).select_related("auditor"), pk=pk)


def assessment_for(user, pk: int) -> ChannelAssessment:
    return get_object_or_404(
        ChannelAssessment.objects.filter(audit__in=audits_visible_to(user)).select_related(
            "audit__auditor", "channel__platform"
        ),
        pk=pk,
    )


def finding_for(user, pk: int) -> Finding:
    return get_object_or_404(
        Finding.objects.filter(audit__in=audits_visible_to(user)).select_related("audit"), pk=pk
    )
