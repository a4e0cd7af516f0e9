"""The drift panel of the overview: open findings by kind, and how many were open each week."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.charts import bars, trend
from core.dashboard import Panel
from core.figures import format_number
from governance.reconciliation.choices import FindingKind
from governance.reconciliation.models import DriftFinding

TREND_WEEKS = 12


def _open_at(moment: dt.datetime) -> Q:
    return Q(first_seen_at__lte=moment) & (Q(resolved_at__isnull=True) | Q(resolved_at__gt=moment))


def _drift(request) -> dict:
    now = timezone.now()
    counts = dict(
        DriftFinding.objects.open().values_list("kind").annotate(n=Count("pk")).order_by()
    )
    url = reverse("channels_registry:index") + "?risk=drift"
    rows = [
        (str(label), counts.get(kind, 0), format_number(counts.get(kind, 0)), url, "risk")
        for kind, label in FindingKind.choices
    ]
    weeks = [now - dt.timedelta(weeks=n) for n in range(TREND_WEEKS - 1, -1, -1)]
    totals = DriftFinding.objects.aggregate(
        channels=Count("channel", distinct=True, filter=Q(resolved_at__isnull=True)),
        **{f"w{n}": Count("pk", filter=_open_at(moment)) for n, moment in enumerate(weeks)},
    )
    series = [
        (date_format(timezone.localtime(moment).date(), "SHORT_DATE_FORMAT"), totals[f"w{n}"])
        for n, moment in enumerate(weeks)
    ]
    return {
        "rows": rows,
        "chart": bars(rows),
        "open": sum(counts.values()),
        "channels": totals["channels"],
        "trend": trend(series),
        "url": url,
    }


DRIFT = Panel(
    "drift",
    _("Register versus platforms"),
    "dashboard/drift.html",
    _drift,
    order=15,
    wide=True,
    shared=True,
)
