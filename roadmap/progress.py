"""Whether an objective is on track: its latest reading against the straight line from the
baseline to the target by the deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from roadmap.choices import Direction
from roadmap.models import KpiReading, Objective

ON_TRACK, BEHIND, REACHED, NO_READING = "on_track", "behind", "reached", "no_reading"
LABELS = {
    ON_TRACK: _("On track"),
    BEHIND: _("Behind"),
    REACHED: _("Target reached"),
    NO_READING: _("No reading yet"),
}


def expected(objective: Objective, on: dt.date) -> Decimal:
    """Where the KPI should be on a date if it moved in a straight line to the target."""
    span = (objective.deadline - objective.baseline_on).days
    elapsed = min(max((on - objective.baseline_on).days, 0), span)
    return objective.baseline + (objective.target - objective.baseline) * Decimal(
        elapsed
    ) / Decimal(span)


@dataclass(frozen=True)
class Progress:
    state: str
    latest: KpiReading | None
    expected: Decimal | None

    @property
    def label(self):
        return LABELS[self.state]


def progress(objective: Objective, readings: list[KpiReading]) -> Progress:
    if not readings:
        return Progress(NO_READING, None, None)
    latest = max(readings, key=lambda r: (r.measured_on, r.pk))
    up = objective.direction == Direction.INCREASE
    if (latest.value >= objective.target) if up else (latest.value <= objective.target):
        return Progress(REACHED, latest, objective.target)
    should = expected(objective, latest.measured_on)
    ahead = latest.value >= should if up else latest.value <= should
    return Progress(ON_TRACK if ahead else BEHIND, latest, should.quantize(Decimal("0.01")))


def with_progress(objectives: list[Objective]) -> list[Objective]:
    """Set `progress` on each objective, reading all their readings in one query."""
    readings: dict[int, list[KpiReading]] = {}
    for reading in KpiReading.objects.filter(objective__in=objectives):
        readings.setdefault(reading.objective_id, []).append(reading)
    for objective in objectives:
        objective.progress = progress(objective, readings.get(objective.pk, []))
    return objectives
