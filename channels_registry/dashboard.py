"""The registry's dashboard panels: risk at a glance (overview) and my channels (personal)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from channels_registry.choices import LIVE_STATUSES
from channels_registry.models import Channel, RiskSnapshot
from channels_registry.risk import risk_counts, risk_flags
from channels_registry.selectors import channels_for
from core.charts import bars, trend
from core.dashboard import PERSONAL, Panel
from core.figures import format_number

TREND_DAYS = 90


def _risk(request) -> dict:
    channels = Channel.objects.visible_to(request.user)
    counts = risk_counts(channels)
    url = reverse("channels_registry:index")
    rows = [
        (
            str(flag.label),
            counts[flag.key],
            format_number(counts[flag.key]),
            f"{url}?risk={flag.key}",
            "risk",
        )
        for flag in risk_flags
    ]
    since = timezone.localdate() - dt.timedelta(days=TREND_DAYS)
    series = [
        (date_format(row["day"], "SHORT_DATE_FORMAT"), row["score"])
        for row in RiskSnapshot.objects.filter(day__gte=since)
        .values("day")
        .annotate(score=Sum("count"))
        .order_by("day")
    ]
    return {
        "rows": rows,
        "chart": bars(rows),
        "live": channels.filter(status__in=LIVE_STATUSES).count(),
        "trend": trend(series),
    }


def _my_channels(request) -> dict:
    user = request.user
    mine = (
        channels_for(user)
        .filter(Q(business_owner__user=user) | Q(backup_owner__user=user))
        .exclude(status="archived")
        .order_by("-risk_count", "name")
    )
    return {"channels": list(mine[:10]), "count": mine.count()}


RISK = Panel("risk", _("Risk"), "dashboard/risk.html", _risk, order=10, wide=True, shared=True)
MY_CHANNELS = Panel(
    "my_channels",
    _("My channels"),
    "dashboard/my_channels.html",
    _my_channels,
    PERSONAL,
    20,
    kept=True,
)
