"""The roadmap's dashboard panel: objectives on track or not, next and late milestones."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dashboard import Panel
from roadmap.choices import MilestoneStatus, ObjectiveStatus
from roadmap.models import Milestone, Objective
from roadmap.progress import with_progress


def _roadmap(request) -> dict:
    today = timezone.localdate()
    objectives = with_progress(list(Objective.objects.filter(status=ObjectiveStatus.ACTIVE)))
    open_milestones = Milestone.objects.exclude(status=MilestoneStatus.DONE).select_related(
        "owner", "phase"
    )
    late = open_milestones.filter(due_on__lt=today)
    return {
        "objectives": objectives,
        "next": list(open_milestones.filter(due_on__gte=today).order_by("due_on")[:5]),
        "late": list(late.order_by("due_on")[:5]),
        "late_count": late.count(),
    }


ROADMAP = Panel(
    "roadmap",
    _("Objectives and roadmap"),
    "dashboard/roadmap.html",
    _roadmap,
    order=60,
    shared=True,
)
