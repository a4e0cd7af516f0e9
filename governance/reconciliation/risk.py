"""Drift as a risk flag: a live channel whose platform showed something the register does not
say, and nobody has resolved it yet."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from channels_registry.risk import RiskFlag
from governance.reconciliation.models import DriftFinding


def _drift(today) -> Q:
    return Q(pk__in=DriftFinding.objects.open().values("channel_id"))


DRIFT_FLAG = RiskFlag(
    "drift",
    _("Register differs from the platform"),
    _(
        "The platform's own list of who holds this account differs from the register: someone "
        "unknown, a leaver, a role higher than granted, or a grant on paper only."
    ),
    _("Open the Platform tab and act on each difference."),
    _drift,
)
