"""The sourcing comparison of a roadmap: what its phases cost outsourced and in-house, month by
month, and the month from which bringing the work in-house pays off.

Pure: it reads the phases and options it is given (`phase_costs` turns prefetched models into
them) and no clock. Each phase counts, for each side, its chosen option if that is of the side,
else the side's cheapest option with a cost; a phase with options of one side only counts that
cost on both sides (the work stays where it is), so that the comparison is of like with like.
Months are counted from the first phase's first day (month 1 runs from 20 Jan to 19 Feb); a
phase costs its monthly cost for each month it covers, and the share of its days for a month it
covers in part."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from roadmap.choices import SourcingKind

CENT = Decimal("0.01")


class Outcome(StrEnum):
    NO_OPTIONS = "no_options"  # no option with a cost on any phase
    NO_IN_HOUSE = "no_in_house"  # nothing to compare outsourcing with
    NO_OUTSOURCED = "no_outsourced"
    PAYS_OFF = "pays_off"  # in-house costs less by the end, from `pays_off_in` on
    NEVER = "never"  # in-house costs as much or more by the end of the roadmap


@dataclass(frozen=True)
class OptionCost:
    kind: str
    monthly: Decimal | None
    chosen: bool = False

    @property
    def in_house(self) -> bool:
        return self.kind == SourcingKind.IN_HOUSE


@dataclass(frozen=True)
class PhaseCosts:
    starts_on: dt.date
    ends_on: dt.date
    options: Sequence[OptionCost]


@dataclass(frozen=True)
class Month:
    """The costs accumulated from the start of the roadmap to the end of month `number`."""

    number: int
    ends_on: dt.date
    outsourced: Decimal
    in_house: Decimal

    @property
    def difference(self) -> Decimal:
        """What in-house saves by then (negative: what it costs more)."""
        return self.outsourced - self.in_house


@dataclass(frozen=True)
class Comparison:
    outcome: Outcome
    months: list[Month]
    outsourced_total: Decimal | None = None
    in_house_total: Decimal | None = None
    pays_off_in: Month | None = None

    @property
    def saving(self) -> Decimal | None:
        if self.outsourced_total is None or self.in_house_total is None:
            return None
        return self.outsourced_total - self.in_house_total

    @property
    def extra(self) -> Decimal | None:
        """What in-house costs more than outsourcing by the end (negative: what it saves)."""
        return None if self.saving is None else -self.saving


def phase_costs(phases: Iterable) -> list[PhaseCosts]:
    """Roadmap phases, their sourcing options prefetched, as the comparison reads them."""
    return [
        PhaseCosts(
            phase.starts_on,
            phase.ends_on,
            [OptionCost(o.kind, o.monthly_cost, o.chosen) for o in phase.sourcing_options.all()],
        )
        for phase in phases
    ]


def _side_cost(phase: PhaseCosts, in_house: bool) -> Decimal | None:
    """The phase's monthly cost for one side: the chosen option if it is of that side, else its
    cheapest; None when the phase has no option of that side with a cost."""
    options = [o for o in phase.options if o.in_house == in_house and o.monthly is not None]
    if not options:
        return None
    chosen = [o for o in options if o.chosen]
    return chosen[0].monthly if chosen else min(o.monthly for o in options)  # type: ignore[type-var]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _share(
    monthly: Decimal, phase: PhaseCosts, first: dt.date, last: dt.date, days: int
) -> Decimal:
    """What a phase costs in the month from `first` to `last` (`days` long when whole)."""
    overlap = (min(phase.ends_on, last) - max(phase.starts_on, first)).days + 1
    return monthly * max(overlap, 0) / days


def compare(phases: Sequence[PhaseCosts]) -> Comparison:
    """Outsourced against in-house over the roadmap's months (see the module's docstring)."""
    costs = [(p, _side_cost(p, False), _side_cost(p, True)) for p in phases]
    costs = [(p, out, home) for p, out, home in costs if out is not None or home is not None]
    if not costs:
        return Comparison(Outcome.NO_OPTIONS, [])
    if all(home is None for _, _, home in costs):
        return Comparison(Outcome.NO_IN_HOUSE, [])
    if all(out is None for _, out, _ in costs):
        return Comparison(Outcome.NO_OUTSOURCED, [])
    # A phase with one side only costs the same on both.
    sides = [
        (p, out if out is not None else home, home if home is not None else out)
        for p, out, home in costs
    ]
    start = min(p.starts_on for p in phases)
    end = max(p.ends_on for p in phases)
    months: list[Month] = []
    spent_out = spent_home = Decimal(0)
    while not months or months[-1].ends_on < end:
        number = len(months) + 1
        first, after = add_months(start, number - 1), add_months(start, number)
        last, days = min(after - dt.timedelta(days=1), end), (after - first).days
        spent_out += sum((_share(out, p, first, last, days) for p, out, _ in sides), Decimal(0))
        spent_home += sum((_share(home, p, first, last, days) for p, _, home in sides), Decimal(0))
        months.append(Month(number, last, spent_out.quantize(CENT), spent_home.quantize(CENT)))
    out_total, home_total = months[-1].outsourced, months[-1].in_house
    totals = {"outsourced_total": out_total, "in_house_total": home_total}
    if home_total >= out_total:
        return Comparison(Outcome.NEVER, months, **totals)
    # The first month from which in-house stays at or below outsourced to the end.
    pays_off_in = months[-1]
    for month in reversed(months):
        if month.in_house > month.outsourced:
            break
        pays_off_in = month
    return Comparison(Outcome.PAYS_OFF, months, pays_off_in=pays_off_in, **totals)
