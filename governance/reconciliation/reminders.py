"""The drift reminder kind: each open finding is the channel owner's to act on within a week of
the reading that first showed it (else the backup owner's, else a lead's), escalating like the
others. Three queries for every open finding, whatever their number (one when none is open)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from governance.reconciliation.choices import FindingKind
from governance.reconciliation.models import DriftFinding
from governance.reminders.registry import DueItem, ReminderKind
from governance.responsibility import Responsibility

# A difference with the platform is resolved within this many days of being first seen.
DRIFT_DAYS = 7


def _drift_line(params: dict) -> str:
    return gettext("%(kind)s on %(channel)s: %(who)s") % {
        **params,
        "kind": FindingKind(params["kind"]).label,
    }


def _drift_findings(now, recipient=None):
    findings = DriftFinding.objects.open().select_related(
        "channel__business_owner__user", "channel__backup_owner__user", "person", "holder"
    )
    responsibility = None  # read with the first finding: most days there is none
    tab = reverse("channels_registry:tab", args=[0, "platform"])
    for finding in findings.iterator(chunk_size=2000):
        responsibility = responsibility or Responsibility()
        owner = responsibility.for_channel(finding.channel, subject=finding.person)
        if owner is None or (recipient is not None and owner.pk != recipient.pk):
            continue
        who = finding.person or (finding.holder.name if finding.holder else finding.channel.name)
        yield DueItem(
            finding.pk,
            owner.pk,
            {"kind": finding.kind, "channel": finding.channel.name, "who": str(who)},
            tab.replace("/0/", f"/{finding.channel_id}/"),
            timezone.localdate(finding.first_seen_at) + dt.timedelta(days=DRIFT_DAYS),
            _drift_line,
        )


DRIFT_REMINDER = ReminderKind(
    "drift_finding",
    _("Differences with the platforms"),
    _drift_findings,
    _drift_line,
    before=(),
    order=35,
)
