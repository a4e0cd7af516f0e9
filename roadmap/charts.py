"""Geometry of the roadmap's pictures: an objective's readings against its line, and the
timeline of phases and milestones. The templates draw them as SVG with a text alternative."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format

from core.charts import Bar, Point

WIDTH, LEFT, RIGHT = 720, 60, 20


def _x(day: dt.date, start: dt.date, end: dt.date, left: int = LEFT) -> float:
    span = max((end - start).days, 1)
    return round(left + (WIDTH - left - RIGHT) * (day - start).days / span, 1)


def objective_chart(objective, readings, today: dt.date) -> dict:
    """The target line from (baseline date, baseline) to (deadline, target), and the readings."""
    start = objective.baseline_on
    end = max([objective.deadline, *(r.measured_on for r in readings)])
    values = [objective.baseline, objective.target, *(r.value for r in readings)]
    low, high = min(values), max(values)
    pad = (high - low) * Decimal("0.1") or Decimal(1)
    low, high = low - pad, high + pad
    top, bottom = 20, 200

    def y(value: Decimal) -> float:
        return round(bottom - float((value - low) / (high - low)) * (bottom - top), 1)

    points = [Point(_x(r.measured_on, start, end), y(r.value), f"{r.value}") for r in readings]
    return {
        "width": WIDTH,
        "height": 240,
        "target_line": (
            _x(start, start, end),
            y(objective.baseline),
            _x(objective.deadline, start, end),
            y(objective.target),
        ),
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
        "today": _x(today, start, end) if start <= today <= end else None,
        "axis": (top, bottom),
        "labels": (
            (LEFT, start.isoformat()),
            (_x(objective.deadline, start, end), objective.deadline.isoformat()),
        ),
        "y_labels": ((y(high - pad), f"{(high - pad):.0f}"), (y(low + pad), f"{(low + pad):.0f}")),
    }


@dataclass(frozen=True)
class Diamond:
    x: float
    y: int
    label: str
    state: str  # done, late, planned


def timeline(roadmap, phases, today: dt.date) -> dict:
    """One row per phase on a time axis; milestones as diamonds; today as a line."""
    if not phases:
        return {}
    start = min(p.starts_on for p in phases)
    end = max(p.ends_on for p in phases)
    left = 200
    bars, diamonds = [], []
    row = 34
    for index, phase in enumerate(phases):
        y = 30 + index * row
        x0 = _x(phase.starts_on, start, end, left)
        bars.append(
            Bar(phase.display_name, y, max(_x(phase.ends_on, start, end, left) - x0, 2), x=x0)
        )
        for milestone in phase.milestones.all():
            state = (
                "done"
                if milestone.status == "done"
                else "late"
                if milestone.is_late(today)
                else "planned"
            )
            diamonds.append(
                Diamond(
                    _x(min(max(milestone.due_on, start), end), start, end, left),
                    y + 9,
                    milestone.display_title,
                    state,
                )
            )
    months = []
    day = dt.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append((_x(day, start, end, left), date_format(day, "M y")))
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return {
        "width": WIDTH,
        "height": 30 + len(phases) * row + 30,
        "left": left,
        "bars": bars,
        "diamonds": diamonds,
        "months": months,
        "today": _x(today, start, end, left) if start <= today <= end else None,
    }
