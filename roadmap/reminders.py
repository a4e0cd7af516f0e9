"""The reminder kind of milestones: due soon, due, and late, to their owner (else the leads)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.rules import governance_leads
from core.i18n import shown
from governance.reminders.registry import DueItem, ReminderKind
from roadmap.choices import MilestoneStatus
from roadmap.models import Milestone


def _milestone_line(params: dict) -> str:
    return gettext("Milestone “%(milestone)s” of %(roadmap)s") % {
        **params,
        "milestone": shown(params["milestone"]),
    }


def _milestones_due(now, recipient=None):
    milestones = Milestone.objects.exclude(status=MilestoneStatus.DONE).select_related(
        "owner__user", "phase__roadmap"
    )
    if recipient is not None:
        # Their own milestones; a lead also answers for those nobody owns.
        mine = Q(owner__user=recipient)
        if governance_leads().filter(pk=recipient.pk).exists():
            mine |= Q(owner__isnull=True) | Q(owner__user__isnull=True)
        milestones = milestones.filter(mine)
    leads = None
    for milestone in milestones.iterator(chunk_size=2000):
        owner = milestone.owner.user if milestone.owner and milestone.owner.user_id else None
        if owner is not None and owner.is_active:
            recipients = [owner.pk]
        else:
            if leads is None:
                leads = list(governance_leads().values_list("pk", flat=True))
            recipients = leads
        url = (
            reverse("roadmap:detail", args=[milestone.phase.roadmap_id])
            + f"#milestone-{milestone.pk}"
        )
        for user_id in recipients:
            if recipient is not None and user_id != recipient.pk:
                continue
            yield DueItem(
                milestone.pk,
                user_id,
                {"milestone": milestone.title, "roadmap": milestone.phase.roadmap.name},
                url,
                milestone.due_on,
                _milestone_line,
            )


MILESTONES = ReminderKind(
    "milestone",
    _("Roadmap milestones"),
    _milestones_due,
    _milestone_line,
    before=(7, 1),
    order=70,
)
