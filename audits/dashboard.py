"""The audits' dashboard panel: platform evaluations due, and the latest audit's score."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits import scoring
from audits.choices import AuditStatus
from audits.models import Audit
from audits.reminders import latest_evaluations
from core.dashboard import Panel

DUE_WITHIN_DAYS = 30


def _platforms(request) -> dict:
    today = timezone.localdate()
    due = list(
        latest_evaluations()
        .filter(next_evaluation_on__lte=today + dt.timedelta(days=DUE_WITHIN_DAYS))
        .select_related("platform")
        .order_by("next_evaluation_on")
    )
    audit = Audit.objects.filter(status=AuditStatus.COMPLETED).order_by("-conducted_on").first()
    return {
        "due": due,
        "today": today,
        "audit": audit,
        "audit_score": scoring.audit_scores([audit.pk]).get(audit.pk) if audit else None,
    }


PLATFORMS = Panel(
    "platforms",
    _("Platforms and audits"),
    "dashboard/platforms.html",
    _platforms,
    order=50,
    shared=True,
)
