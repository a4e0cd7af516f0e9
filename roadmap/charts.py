"""Geometry of the roadmap's pictures: an objective's readings against its line, the
timeline of phases and milestones, and the cumulative cost of sourcing outsourced or in-house. The templates draw them as SVG with a text alternative."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.conf import settings
from django.utils.formats import date_format, get_format

from core.charts import Point
from core.figures import format_money, format_number
from roadmap.sourcing import Comparison, Outcome

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

    points = [
        Point(
            _x(r.measured_on, start, end),
            y(r.value),
            date_format(r.measured_on),
            format_number(r.value),
        )
        for r in readings
    ]
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
        "y_labels": (
            (y(high - pad), format_number(high - pad, 0)),
            (y(low + pad), format_number(low + pad, 0)),
        ),
    }


@dataclass(frozen=True)
class Diamond:
    """A milestone on its phase's row: `x` in percent of the track."""

    x: float
    label: str
    state: str  # done, late, planned
    due_on: dt.date


@dataclass(frozen=True)
class PhaseRow:
    """A phase on the time axis: starts at `x`, `width` long, both in percent of the track."""

    label: str
    starts_on: dt.date
    ends_on: dt.date
    x: float
    width: float
    diamonds: list[Diamond]


@dataclass(frozen=True)
class Month:
    """A month's mark on the axis, `x` in percent. A phone shows one mark in three (the minor
    ones are left out) and the year under the first mark of each year it shows; a wider screen
    every month and the year under January and the first mark."""

    x: float
    month: str
    year: str
    minor: bool
    wide_year: bool
    narrow_year: bool


def _month_letters() -> str:
    """The month as the language's dates write it: "Nov" in English, « nov. » in French."""
    return "N" if "N" in get_format("DATE_FORMAT") else "M"


def _pct(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = max((end - start).days, 1)
    return round(100 * (day - start).days / span, 2)


def timeline(roadmap, phases, today: dt.date) -> dict:
    """One row per phase on a time axis; milestones as diamonds; today as a line."""
    if not phases:
        return {}
    start = min(p.starts_on for p in phases)
    end = max(p.ends_on for p in phases)
    rows = []
    for phase in phases:
        x0 = _pct(phase.starts_on, start, end)
        diamonds = [
            Diamond(
                _pct(min(max(milestone.due_on, start), end), start, end),
                milestone.display_title,
                "done"
                if milestone.status == "done"
                else "late"
                if milestone.is_late(today)
                else "planned",
                milestone.due_on,
            )
            for milestone in sorted(phase.milestones.all(), key=lambda m: (m.due_on, m.pk))
        ]
        rows.append(
            PhaseRow(
                phase.display_name,
                phase.starts_on,
                phase.ends_on,
                x0,
                max(round(_pct(phase.ends_on, start, end) - x0, 2), 0.5),
                diamonds,
            )
        )
    months: list[Month] = []
    letters = _month_letters()
    day = dt.date(start.year, start.month, 1)
    last_major_year = None
    while day <= end:
        if day >= start:
            first, major = not months, not len(months) % 3
            months.append(
                Month(
                    _pct(day, start, end),
                    date_format(day, letters),
                    date_format(day, "Y"),
                    minor=not major,
                    wide_year=first or day.month == 1,
                    narrow_year=major and day.year != last_major_year,
                )
            )
            if major:
                last_major_year = day.year
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return {
        "rows": rows,
        "months": months,
        "today": _pct(today, start, end) if start <= today <= end else None,
        "today_on": today,
    }


COST_WIDTH, COST_HEIGHT, COST_LEFT, COST_TOP, COST_BOTTOM = 480, 250, 84, 16, 206


def _nice_step(most: Decimal, ticks: int = 4) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) for about `ticks` gridlines."""
    rough = most / ticks
    power = Decimal(10) ** (len(str(int(rough))) - 1) if rough >= 1 else Decimal(1)
    return next((power * m for m in (1, 2, Decimal("2.5"), 5) if power * m >= rough), power * 10)


def cost_chart(comparison: Comparison) -> dict:
    """Cumulative cost by month, outsourced against in-house, from 0 at the start; the month
    in-house pays off marked. Empty when there is nothing to compare."""
    months = comparison.months
    if comparison.outcome not in (Outcome.PAYS_OFF, Outcome.NEVER) or not months:
        return {}
    most = max(max(m.outsourced, m.in_house) for m in months) or Decimal(1)
    step = _nice_step(most)
    top = step * (most / step).to_integral_value(rounding=ROUND_CEILING)
    span = COST_WIDTH - COST_LEFT - 16

    def x(number: int) -> float:
        return round(COST_LEFT + span * number / len(months), 1)

    def y(value: Decimal) -> float:
        return round(COST_BOTTOM - float(value / top) * (COST_BOTTOM - COST_TOP), 1)

    def line(values: list[Decimal]) -> str:
        return " ".join(f"{x(i)},{y(v)}" for i, v in enumerate([Decimal(0), *values]))

    every = -(-len(months) // 12)  # at most twelve month labels
    pays_off = comparison.pays_off_in
    return {
        "width": COST_WIDTH,
        "height": COST_HEIGHT,
        "left": COST_LEFT,
        "right": COST_WIDTH - 16,
        "top": COST_TOP,
        "bottom": COST_BOTTOM,
        "outsourced": line([m.outsourced for m in months]),
        "in_house": line([m.in_house for m in months]),
        "y_ticks": [
            (y(step * i), format_money(step * i, settings.CURRENCY))
            for i in range(int(top / step) + 1)
        ],
        "x_ticks": [(x(m.number), m.number) for m in months if m.number % every == 0],
        "pays_off": x(pays_off.number) if pays_off else None,
    }
