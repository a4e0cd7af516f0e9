"""A lead scores a channel of an audit, partly with the keyboard, and sees the report change, in a
real Chromium."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import roles
from audits import services
from audits.choices import AuditStatus
from audits.models import Audit, ChannelAssessment, Criterion, CriterionScore
from tests.factories import (
    ChannelFactory,
    PersonFactory,
    UserFactory,
    give_totp,
)
from tests.support.browser import log_in, watch
from tests.support.totp import fresh_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TITLE = "Spring channel audit"
SCORED = "Acme Events"  # first in the heat map, which lists channels by name
LEFT = "Acme News"
LOW = "Fit with objectives"  # scored 2 with the keyboard; every other criterion gets 4
PREVIOUS = 3  # every score of the previous audit


@pytest.fixture
def audit_in_progress():
    """Two channels; last autumn's audit scored both 3 everywhere; this one is started, unscored."""
    lead = UserFactory(
        email="lucie@example.org", full_name="Lucie Lead", roles=[roles.GOVERNANCE_LEAD]
    )
    person = PersonFactory(user=lead, email=lead.email, first_name="Lucie", last_name="Lead")
    events = ChannelFactory(name=SCORED)
    news = ChannelFactory(name=LEFT)
    criteria = list(Criterion.objects.filter(active=True, weight__gt=0))
    assert LOW in {c.name for c in criteria}

    today = timezone.localdate()
    previous = services.audit_create(
        actor=lead,
        title="Autumn channel audit",
        conducted_on=today - dt.timedelta(days=180),
        auditor=person,
        channels=[events, news],
        summary="",
    )
    services.audit_start(actor=lead, audit=previous)
    for assessment in previous.assessments.all():
        services.assessment_score(
            actor=lead,
            assessment=assessment,
            scores={c.pk: (PREVIOUS, "") for c in criteria},
        )
    services.audit_complete(actor=lead, audit=previous)

    audit = services.audit_create(
        actor=lead,
        title=TITLE,
        conducted_on=today,
        auditor=person,
        channels=[events, news],
        summary="",
    )
    audit = services.audit_start(actor=lead, audit=audit)
    return lead, give_totp(lead), audit


def test_lead_scores_a_channel_and_the_report_changes(live_server, page: Page, audit_in_progress):
    lead, secret, audit = audit_in_progress
    errors: list[str] = []
    watch(page, errors)

    criteria = list(Criterion.objects.filter(active=True))  # the report's columns, in order
    given = {c.name: 2 if c.name == LOW else 4 for c in criteria}
    expected = sum(given[c.name] * c.weight for c in criteria) / sum(c.weight for c in criteria)
    assert round(expected, 2) != PREVIOUS  # the change column has something to show

    # The lead logs in through the MFA step and lands on the list of audits.
    log_in(page, f"{live_server.url}/audits/", lead.email)
    page.get_by_label("Code").fill(fresh_code(secret))
    page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("heading", name="Channel audits", level=1)).to_be_visible()
    row = page.locator("#audits tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("In progress")
    expect(row.locator("td").last).to_have_text("—")

    # The report: nothing scored yet.
    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    score = page.locator("#audit-score")
    expect(score).to_have_text("—")
    heat = page.locator("#heat-map tbody tr").filter(has_text=SCORED)
    expect(heat.locator("td.gv-score-none")).to_have_count(len(criteria))
    expect(heat.locator("td.gv-weighted")).to_have_text("—")
    expect(page.locator("#ranking")).to_have_count(0)
    expect(page.get_by_text("No channel is scored yet.")).to_be_visible()

    # Scoring the first channel: every criterion has a select labelled with its name.
    heat.get_by_role("link", name=f"Score {SCORED}").click()
    expect(page.get_by_role("heading", name=f"Score {SCORED} (Facebook)", level=1)).to_be_visible()
    for criterion in criteria:
        if criterion.name != LOW:
            page.get_by_label(criterion.name, exact=True).select_option("4")

    # No mouse: the last score is typed into its focused select, the note reached with Tab, and
    # Enter in the Followers field submits with the form's first button, "Save".
    low = page.get_by_label(LOW, exact=True)
    low.focus()
    page.keyboard.press("2")
    expect(low).to_have_value("2")
    page.keyboard.press("Tab")
    expect(page.get_by_label(f"Note on {LOW}", exact=True)).to_be_focused()
    page.keyboard.type("Half the posts serve no objective.")
    followers = page.get_by_label("Followers", exact=True)
    followers.focus()
    page.keyboard.type("1250")
    page.keyboard.press("Enter")

    # Back on the report: the row shows the scores and the weighted score; the audit has one.
    expect(page.get_by_text(f"Scores of {SCORED} saved.")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(heat.locator("td.gv-score")).to_have_text([str(given[c.name]) for c in criteria])
    low_cell = heat.locator("td.gv-score").nth([c.name for c in criteria].index(LOW))
    expect(low_cell).to_have_attribute("title", "Half the posts serve no objective.")
    expect(heat.locator("td.gv-weighted")).to_have_text(f"{expected:.2f}")
    expect(score).to_have_text(f"{expected:.1f}")
    left = page.locator("#heat-map tbody tr").filter(has_text=LEFT)
    expect(left.locator("td.gv-weighted")).to_have_text("—")

    # The ranking lists the scored channel only, with its change since the previous audit.
    ranking = page.locator("#ranking")
    expect(ranking.locator("thead th")).to_have_text(
        ["#", "Channel", "Score", "Previous", "Change"]
    )
    expect(ranking.locator("tbody tr")).to_have_count(1)
    expect(ranking.locator("tbody tr td")).to_have_text(
        ["1", SCORED, f"{expected:.2f}", f"{PREVIOUS:.2f}", f"+{expected - PREVIOUS:.2f}"]
    )

    # Completing is refused while the other channel is unscored; the message names it.
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.get_by_role("alert")).to_have_text(
        f"Score every criterion of every channel first. Still to score: {LEFT}."
    )
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_contain_text("In progress")

    # The list of audits shows the new score too.
    page.get_by_role("link", name="Audits", exact=True).first.click()
    expect(page.locator("#audits tbody tr").filter(has_text=TITLE).locator("td").last).to_have_text(
        f"{expected:.1f}"
    )

    assessment = ChannelAssessment.objects.get(audit=audit, channel__name=SCORED)
    assert assessment.followers == 1250
    stored = {s.criterion.name: (s.score, s.note) for s in assessment.scores.all()}
    assert stored == {
        name: (value, "Half the posts serve no objective." if name == LOW else "")
        for name, value in given.items()
    }
    assert not CriterionScore.objects.filter(
        assessment__audit=audit, assessment__channel__name=LEFT
    )
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.IN_PROGRESS
    assert not errors, errors
