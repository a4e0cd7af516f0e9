"""The sourcing comparison: totals, cumulative costs month by month, and the break-even."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from roadmap.charts import cost_chart
from roadmap.sourcing import OptionCost, Outcome, PhaseCosts, add_months, compare

START = dt.date(2026, 1, 1)
AGENCY, CONSULTANT, IN_HOUSE = "agency", "consultant", "in_house"


def _phase(first_month: int, months: int, *options: OptionCost) -> PhaseCosts:
    """A phase over whole calendar months of 2026, from month `first_month`, `months` long."""
    starts_on = add_months(START, first_month - 1)
    ends_on = add_months(starts_on, months) - dt.timedelta(days=1)
    return PhaseCosts(starts_on, ends_on, list(options))


def _o(kind: str, monthly, chosen: bool = False) -> OptionCost:
    return OptionCost(kind, None if monthly is None else Decimal(monthly), chosen)


def test_no_phase_or_no_option_with_a_cost_compares_nothing():
    assert compare([]).outcome == Outcome.NO_OPTIONS
    empty = compare([_phase(1, 3), _phase(4, 3, _o(AGENCY, None))])
    assert empty.outcome == Outcome.NO_OPTIONS
    assert empty.months == []
    assert empty.saving is None


def test_without_an_in_house_option_there_is_nothing_to_compare():
    comparison = compare([_phase(1, 3, _o(AGENCY, 4500), _o(CONSULTANT, 3000))])
    assert comparison.outcome == Outcome.NO_IN_HOUSE
    assert comparison.months == []
    assert compare([_phase(1, 3, _o(IN_HOUSE, 3000))]).outcome == Outcome.NO_OUTSOURCED


def test_in_house_never_pays_off_when_it_costs_more_by_the_end():
    comparison = compare([_phase(1, 12, _o(AGENCY, 4500), _o(IN_HOUSE, 5000))])
    assert comparison.outcome == Outcome.NEVER
    assert comparison.pays_off_in is None
    assert comparison.outsourced_total == Decimal("54000.00")
    assert comparison.in_house_total == Decimal("60000.00")
    assert comparison.saving == Decimal("-6000.00")
    assert len(comparison.months) == 12
    assert comparison.months[0].ends_on == dt.date(2026, 1, 31)
    assert comparison.months[-1].ends_on == dt.date(2026, 12, 31)


def test_equal_costs_do_not_pay_off():
    assert compare([_phase(1, 6, _o(AGENCY, 4000), _o(IN_HOUSE, 4000))]).outcome == Outcome.NEVER


def test_in_house_cheaper_from_the_start_pays_off_in_the_first_month():
    comparison = compare([_phase(1, 6, _o(AGENCY, 4500), _o(IN_HOUSE, 3000))])
    assert comparison.outcome == Outcome.PAYS_OFF
    assert comparison.pays_off_in.number == 1
    assert comparison.pays_off_in.outsourced == Decimal("4500.00")
    assert comparison.pays_off_in.in_house == Decimal("3000.00")
    assert comparison.saving == Decimal("9000.00")


def test_in_house_dearer_at_first_pays_off_once_its_cumulative_cost_falls_below():
    # Building the team costs more for three months, then it is cheaper: 3x6000 + 9x2000 = 36000
    # in-house against 12x4000 = 48000 outsourced; level after month 6 (24000 each).
    phases = [
        _phase(1, 3, _o(AGENCY, 4000), _o(IN_HOUSE, 6000)),
        _phase(4, 9, _o(AGENCY, 4000), _o(IN_HOUSE, 2000)),
    ]
    comparison = compare(phases)
    assert comparison.outcome == Outcome.PAYS_OFF
    by_month = {m.number: (m.outsourced, m.in_house) for m in comparison.months}
    assert by_month[3] == (Decimal("12000.00"), Decimal("18000.00"))
    assert by_month[5] == (Decimal("20000.00"), Decimal("22000.00"))
    assert by_month[6] == (Decimal("24000.00"), Decimal("24000.00"))
    assert comparison.pays_off_in.number == 6
    assert comparison.pays_off_in.ends_on == dt.date(2026, 6, 30)
    assert comparison.months[-1].difference == Decimal("12000.00")


def test_cheaper_for_a_while_then_dearer_pays_off_only_from_where_it_stays_cheaper():
    phases = [
        _phase(1, 2, _o(AGENCY, 4000), _o(IN_HOUSE, 1000)),  # 6000 ahead after two months
        _phase(3, 2, _o(AGENCY, 1000), _o(IN_HOUSE, 5000)),  # 2000 behind after four
        _phase(5, 4, _o(AGENCY, 4000), _o(IN_HOUSE, 2000)),  # level again after five
    ]
    comparison = compare(phases)
    assert comparison.outcome == Outcome.PAYS_OFF
    assert [int(m.difference) for m in comparison.months] == [
        3000, 6000, 2000, -2000, 0, 2000, 4000, 6000,
    ]  # fmt: skip
    assert comparison.pays_off_in.number == 5


def test_each_side_counts_its_chosen_option_else_its_cheapest():
    phase = _phase(
        1,
        1,
        _o(AGENCY, 4500),
        _o(CONSULTANT, 2600, chosen=True),
        _o(IN_HOUSE, 3200),
        _o(IN_HOUSE, 3000),
    )
    comparison = compare([phase])
    assert (comparison.outsourced_total, comparison.in_house_total) == (2600, 3000)
    unchosen = compare([_phase(1, 1, _o(AGENCY, 4500), _o(CONSULTANT, 2600))])
    assert unchosen.outcome == Outcome.NO_IN_HOUSE


def test_a_phase_with_one_side_only_costs_the_same_on_both():
    phases = [
        _phase(1, 2, _o(CONSULTANT, 5000)),  # the expert: outsourced either way
        _phase(3, 4, _o(AGENCY, 4000), _o(IN_HOUSE, 3000)),
    ]
    comparison = compare(phases)
    assert comparison.outsourced_total == Decimal("26000.00")
    assert comparison.in_house_total == Decimal("22000.00")
    assert comparison.months[1].difference == 0
    assert comparison.pays_off_in.number == 1  # level, then cheaper: never behind


def test_a_month_covered_in_part_costs_its_share_and_months_stop_at_the_roadmap_end():
    # From 20 Jan: month 1 to 19 Feb (31 days), month 2 to 2 Mar, 11 of its 28 days.
    starts_on, ends_on = dt.date(2026, 1, 20), dt.date(2026, 3, 2)
    comparison = compare([PhaseCosts(starts_on, ends_on, [_o(AGENCY, 2800), _o(IN_HOUSE, 1400)])])
    assert [m.ends_on for m in comparison.months] == [dt.date(2026, 2, 19), ends_on]
    assert comparison.outsourced_total == Decimal("3900.00")  # 2800 + 11/28 x 2800
    assert comparison.in_house_total == Decimal("1950.00")
    assert comparison.months[-1].outsourced == comparison.outsourced_total


def test_months_are_added_to_the_last_day_of_a_shorter_month():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_the_chart_scales_to_a_round_top_above_the_highest_cost():
    phases = [
        _phase(1, 3, _o(CONSULTANT, 3300), _o(IN_HOUSE, 7000)),
        _phase(4, 15, _o(AGENCY, 4500), _o(IN_HOUSE, 3040)),
    ]
    with translation.override("en"):
        chart = cost_chart(compare(phases))
    assert [label for _, label in chart["y_ticks"]] == [
        "€0", "€20,000", "€40,000", "€60,000", "€80,000",
    ]  # fmt: skip
    assert chart["y_ticks"][-1][0] == chart["top"]
    highest = min(float(point.split(",")[1]) for point in chart["outsourced"].split())
    assert highest >= chart["top"]  # nothing drawn above the top gridline
    assert [number for _, number in chart["x_ticks"]] == [2, 4, 6, 8, 10, 12, 14, 16, 18]
    assert chart["pays_off"] is not None
    assert cost_chart(compare([_phase(1, 3, _o(AGENCY, 4000))])) == {}
