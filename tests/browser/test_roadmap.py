"""A lead creates a roadmap from the time-window template, adds a milestone and moves it to done
with the keyboard, in a real Chromium; a late milestone stands out."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import formats, timezone, translation
from playwright.sync_api import Page, expect

from accounts import roles
from roadmap import services
from roadmap.choices import MilestoneStatus
from roadmap.models import Milestone, Roadmap
from tests.factories import PersonFactory, UserFactory, give_totp
from tests.support.browser import log_in, pick, watch
from tests.support.totp import fresh_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NAME = "Social media plan 2026"
OBJECTIVE = "Grow the newsletter from social media"
TITLE = "Publish the editorial calendar"  # added in the browser, in the second phase
LATE = "Inventory of the accounts"  # added with the service, due in the past
PHASES = (  # the template's phases: name, months from the start to its first and past its last day
    ("Month 1: foundations", 0, 1),
    ("Months 2 to 3: first results", 1, 3),
    ("Months 4 to 6: growth", 3, 6),
    ("Months 7 to 9: consolidation", 6, 9),
    ("Months 10 to 12: review and next year", 9, 12),
)


def _shown(day: dt.date) -> str:
    """A date as the English pages show it."""
    with translation.override("en"):
        return formats.date_format(day)


@pytest.fixture
def lead_with_objective():
    """A governance lead, and the one active objective a milestone can serve."""
    lead = UserFactory(
        email="lucie@example.org", full_name="Lucie Lead", roles=[roles.GOVERNANCE_LEAD]
    )
    person = PersonFactory(user=lead, email=lead.email, first_name="Lucie", last_name="Lead")
    today = timezone.localdate()
    services.objective_create(
        actor=lead,
        title=OBJECTIVE,
        description="",
        kpi_name="Newsletter sign-ups from social media",
        kpi_unit="a month",
        baseline=Decimal(40),
        baseline_on=today - dt.timedelta(days=30),
        target=Decimal(120),
        direction="increase",
        relevance="",
        deadline=today + dt.timedelta(days=300),
        owner=person,
    )
    return lead, give_totp(lead)


def test_lead_creates_a_roadmap_from_the_template_and_moves_a_milestone_to_done(
    live_server, page: Page, lead_with_objective
):
    lead, secret = lead_with_objective
    errors: list[str] = []
    watch(page, errors)
    today = timezone.localdate()
    # Started 40 days ago: the first phase is over, today falls in the second.
    start = today - dt.timedelta(days=40)
    due = today + dt.timedelta(days=20)

    # The lead logs in through the MFA step and reaches the roadmap from the navigation.
    log_in(page, f"{live_server.url}/", lead.email)
    page.get_by_label("Code").fill(fresh_code(secret))
    page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("heading", name="Welcome, Lucie", level=1)).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Roadmap", exact=True).click()
    expect(page.get_by_role("heading", name="Objectives and roadmap", level=1)).to_be_visible()
    expect(page.locator("#roadmaps")).to_contain_text("No roadmap yet.")

    # A roadmap from the time-window template.
    page.get_by_role("link", name="New roadmap").click()
    expect(page.get_by_role("heading", name="New roadmap", level=1)).to_be_visible()
    page.get_by_label("Name").fill(NAME)
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_label("Time windows: 1, 3, 6, 9 and 12 months").check()
    page.get_by_role("button", name="Create the roadmap").click()

    expect(page.get_by_text("Roadmap created with its phases.")).to_be_visible()
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    expect(page.get_by_text(f"From {_shown(start)}")).to_be_visible()
    headings = page.get_by_role("heading", level=2)
    expect(headings).to_have_text(
        [
            f"{name} {_shown(start + relativedelta(months=first))} → "
            f"{_shown(start + relativedelta(months=last) - dt.timedelta(days=1))}"
            for name, first, last in PHASES
        ]
    )
    figure = page.get_by_role("figure", name="Timeline of the phases and milestones")
    expect(figure).to_be_visible()
    timeline = figure.locator("table")  # one row per phase, its name in full
    expect(timeline.locator("tbody th")).to_contain_text([name for name, *_ in PHASES])
    expect(timeline.locator("rect.gv-phase")).to_have_count(len(PHASES))
    expect(timeline.locator("line.gv-today")).to_have_count(len(PHASES))  # one line across
    expect(page.get_by_text("No milestone in this phase.")).to_have_count(len(PHASES))

    # A late milestone in the first phase, added behind the page's back.
    roadmap = Roadmap.objects.get(name=NAME)
    first, second = roadmap.phases.all()[:2]
    late = services.milestone_save(
        actor=lead,
        phase=first,
        title=LATE,
        owner=None,
        due_on=first.ends_on,
        status=MilestoneStatus.PLANNED,
        objective=None,
    )
    assert late.due_on < today

    # A milestone in the second phase, serving the objective.
    page.get_by_role("link", name="Add a milestone").click()
    expect(page.get_by_role("heading", name="New milestone", level=1)).to_be_visible()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Phase").select_option(label=PHASES[1][0])
    pick(page, "Owner", "lucie", "Lucie Lead <lucie@example.org>")
    page.get_by_label("Due on").fill(due.isoformat())
    page.get_by_label("Status").select_option(label="Planned")
    page.get_by_label("Objective served").select_option(label=OBJECTIVE)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Milestone saved.")).to_be_visible()
    milestone = Milestone.objects.get(title=TITLE)
    assert milestone.phase == second
    expect(page).to_have_url(re.compile(rf"/roadmap/{roadmap.pk}/#milestone-{milestone.pk}$"))
    row = page.locator(f"#milestone-{milestone.pk}")
    expect(page.locator(f"#phase-{second.pk} tbody tr")).to_have_count(1)
    expect(page.locator(f"#phase-{second.pk} tbody tr")).to_have_id(f"milestone-{milestone.pk}")
    expect(row.locator("td:not(:last-child)")).to_have_text(
        [TITLE, _shown(due), "Lucie Lead", OBJECTIVE]
    )
    status = page.get_by_label(f"Status of {TITLE}", exact=True)
    expect(status).to_have_value(MilestoneStatus.PLANNED)
    expect(row).not_to_have_class(re.compile(r"\btable-danger\b"))
    expect(row.get_by_text("late", exact=True)).to_have_count(0)
    expect(timeline.locator("rect.gv-milestone-planned")).to_have_count(1)

    # The late milestone is flagged, its row highlighted, its diamond red.
    late_row = page.locator(f"#phase-{first.pk} tbody tr")
    expect(late_row).to_have_count(1)
    expect(late_row).to_have_id(f"milestone-{late.pk}")
    expect(late_row).to_have_class(re.compile(r"\btable-danger\b"))
    expect(late_row.get_by_text("late", exact=True)).to_be_visible()
    expect(late_row.locator("td").nth(1)).to_have_text(f"{_shown(late.due_on)} late")
    expect(timeline.locator("rect.gv-milestone-late")).to_have_count(1)
    expect(timeline.locator("rect.gv-milestone-late title")).to_have_text(
        re.compile(rf"^{re.escape(LATE)} — .*\(Milestone late\)$")
    )
    expect(timeline.locator("li").filter(has_text=LATE)).to_be_visible()  # labelled

    # Done, without the mouse: type into the focused select, Tab to "Set", Enter.
    status.focus()
    page.keyboard.press("d")
    expect(status).to_have_value(MilestoneStatus.DONE)
    page.keyboard.press("Tab")
    expect(row.get_by_role("button", name="Set")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_text(f"“{TITLE}”: Done.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/roadmap/{roadmap.pk}/#milestone-{milestone.pk}$"))
    expect(row).to_be_in_viewport()
    expect(status).to_have_value(MilestoneStatus.DONE)
    expect(status.locator("option:checked")).to_have_text("Done")
    expect(row).not_to_have_class(re.compile(r"\btable-danger\b"))
    expect(timeline.locator("rect.gv-milestone-done title")).to_have_text(
        re.compile(rf"^{re.escape(TITLE)} — ")
    )
    expect(late_row).to_have_class(re.compile(r"\btable-danger\b"))  # still late, still flagged

    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DONE
    assert milestone.done_on == today
    late.refresh_from_db()
    assert late.status == MilestoneStatus.PLANNED and late.done_on is None
    assert not errors, errors
