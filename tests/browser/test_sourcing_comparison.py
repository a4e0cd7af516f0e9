"""The roadmap page's sourcing comparison in Chromium, as a lead reads it at 1440 and 390 px,
in English and French: totals, the chart with its legend, the break-even, the table; no
serious or critical axe violation, nothing wider than the window. Screenshots go to
/tmp/shots-sourcing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from roadmap import services
from roadmap.models import Milestone
from tests.support.axe import overflow, too_wide, violations
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-sourcing")
START = dt.date(2026, 1, 5)
NBSP = "\xa0"
# The sourcing path's phases (expert, outsourced, bring it home): what each option costs a month.
OPTIONS = (
    (("consultant", "Strategy consultant", 110, 30), ("in_house", "Senior hire", 70, 100)),
    (("agency", "Agency retainer", None, 4500), ("in_house", "Community manager", 38, 80)),
    (("agency", "Agency retainer", None, 4500), ("in_house", "Community manager", 38, 80)),
)


@pytest.fixture
def roadmap(personas):
    lead = personas.lead
    plan = services.roadmap_create(
        actor=lead, name="Sourcing path 2026", starts_on=START, template="sourcing"
    )
    for phase, options in zip(plan.phases.order_by("order"), OPTIONS, strict=True):
        for kind, label, rate, amount in options:
            costs = (
                {"hourly_rate": None, "hours_per_month": None, "monthly_fee": Decimal(amount)}
                if rate is None
                else {
                    "hourly_rate": Decimal(rate),
                    "hours_per_month": Decimal(amount),
                    "monthly_fee": None,
                }
            )
            services.sourcing_option_save(
                actor=lead, phase=phase, kind=kind, label=label, partner=None, **costs
            )
    # Done: no milestone is late whatever today is (late rows are another page's matter).
    for milestone in Milestone.objects.filter(phase__roadmap=plan):
        services.milestone_set_status(actor=lead, milestone=milestone, status="done")
    return plan


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_the_lead_reads_the_sourcing_comparison(
    live_server, browser: Browser, personas, roadmap, language, width
):
    context = signed_in_context(browser, live_server, personas.lead, language=language, width=width)
    SHOTS.mkdir(exist_ok=True)
    try:
        page = context.new_page()
        page.goto(f"/roadmap/{roadmap.pk}/")
        section = page.locator("#sourcing-comparison")
        expect(section).to_be_visible()
        totals = section.locator("#sourcing-totals")
        # 3 x 3,300 + 15 x 4,500 against 3 x 7,000 + 15 x 3,040.
        if language == "en":
            expect(totals).to_contain_text("€77,400")
            expect(totals).to_contain_text("€66,600")
            expect(section.locator("#sourcing-break-even")).to_contain_text("month 11")
        else:
            expect(totals).to_contain_text(f"77{NBSP}400{NBSP}€")
            expect(totals).to_contain_text(f"66{NBSP}600{NBSP}€")
            expect(section.locator("#sourcing-break-even")).to_contain_text("11")
        expect(section.locator("svg.gv-costs polyline")).to_have_count(2)
        expect(section.locator("#costs-legend li")).to_have_count(3)
        section.locator("summary").click()
        expect(section.locator("#sourcing-months tbody tr")).to_have_count(18)
        page.screenshot(path=SHOTS / f"roadmap-{language}-{width}.png", full_page=True)
        section.screenshot(path=SHOTS / f"comparison-{language}-{width}.png")
        assert violations(page) == {}
        assert overflow(page) == 0, too_wide(page)
    finally:
        context.close()
