"""Every chart has its full labels, a legend where colours mean something, a threshold where
one is implied, and the same figures as a table for screen readers and keyboards (issue 20).

The pages are read through the test client on the demo organisation, in English and French."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.demo import build_organisation
from audits.models import Audit
from channels_registry.risk import risk_flags
from core.charts import bars, percent, trend
from governance.dashboard import COVERAGE_TARGET
from governance.models import Policy
from roadmap.models import Roadmap
from tests.factories import give_totp

pytestmark = pytest.mark.django_db


def _element(content: str, element_id: str) -> str:
    """The element of that id, up to the end of the first element of its kind to close."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"', content)
    assert match, element_id
    tag = match.group(1)
    end = content.index(f"</{tag}>", match.start())
    return content[match.start() : end]


@pytest.fixture
def lead_client(client):
    org = build_organisation("demo", password="unused-pass-1")
    lead = org.accounts["lead@demo.gouvernail.test"]
    give_totp(lead)
    client.force_login(lead)
    return client


def test_a_bar_is_a_share_of_its_track_and_a_threshold_is_on_the_same_scale():
    chart = bars(
        [("Long label that was cut before", 30, "30", "/x/", "low"), ("b", 120, "120", "", "")],
        most=100,
        legend=(("low", "Below"),),
        threshold=80,
        threshold_label="Target: 80%",
    )
    assert [row.marks[0].width for row in chart.bars] == [30, 100]  # never past the track
    assert chart.bars[0].label == "Long label that was cut before"
    assert chart.bars[0].marks[0].name == "Below"
    assert chart.threshold == 80
    assert percent(5, 0) == 0


def test_a_trend_keeps_its_series_for_the_table():
    line = trend([("1 Oct", 3), ("2 Oct", 5), ("3 Oct", 4)])
    assert line is not None and line.series == (("1 Oct", 3), ("2 Oct", 5), ("3 Oct", 4))
    assert [column[2:] for column in line.columns] == list(line.series)
    assert trend([("1 Oct", 3)]) is None


def test_the_dashboard_charts_are_tables_with_full_labels_legend_and_threshold(lead_client):
    content = lead_client.get(reverse("home")).content.decode()
    risk = _element(content, "risk-bars")
    assert "<caption" in risk and 'scope="row"' in risk
    for flag in risk_flags:  # every label whole, and the link to the filtered list
        assert f"?risk={flag.key}" in risk
        assert f">{escape(flag.label)}</a></th>" in risk
    assert 'id="risk-links"' not in content  # no second list of small links under the chart

    coverage = _element(content, "coverage")
    legend = _element(content, "coverage-legend")
    assert f"Below the {COVERAGE_TARGET}% target" in legend
    assert "Target reached" in legend and f"Target: {COVERAGE_TARGET}%" in legend
    assert coverage.count('class="gv-threshold"') >= 2  # in the legend and on every row
    titles = Policy.objects.filter(acknowledgement_required=True, archived_at__isnull=True)
    longest = max((p.title for p in titles if p.current_version_id), key=len)
    assert len(longest) > 27  # the old chart cut it there
    assert f">{escape(longest)}</a></th>" in coverage
    assert re.search(r"\d+% \(\d+/\d+\)</span></td>", coverage)  # the figure, as text

    table = _element(content, "risk-trend-table")  # the trend's figures, as a table
    assert "<thead>" in table and table.count("<tr>") >= 3


def test_the_audit_ranking_has_a_legend_for_previous_and_current(lead_client):
    audit = Audit.objects.filter(assessments__isnull=False).order_by("-conducted_on").first()
    content = lead_client.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    ranking = _element(content, "ranking-chart")
    legend = _element(content, "ranking-chart-legend")
    assert "Previous audit" in legend and "This audit" in legend
    assert "gv-bar-previous" in ranking and "gv-bar-current" in ranking
    scored = audit.assessments.filter(scores__isnull=False).distinct()
    for name in scored.values_list("channel__name", flat=True):
        assert f">{escape(name)}</th>" in ranking
    assert re.search(r'<span class="visually-hidden">Previous audit: </span>\d\.\d', ranking)
    assert '<table class="table table-sm" id="ranking">' in content  # with the change


def test_the_timeline_names_its_phases_milestones_and_months_in_full(lead_client):
    roadmap = Roadmap.objects.order_by("pk").first()
    content = lead_client.get(reverse("roadmap:detail", args=[roadmap.pk])).content.decode()
    timeline = _element(content, "timeline")
    legend = _element(content, "timeline-legend")
    for words in ("Milestone done", "Milestone late", "Milestone to come", "Phase"):
        assert words in legend
    for phase in roadmap.phases.all():
        assert f'<th scope="row" class="gv-timeline-phase">{escape(phase.name)}<' in timeline
        for milestone in phase.milestones.all():
            assert f"<title>{escape(milestone.title)} — " in timeline  # on the diamond, for hover
            assert f"{escape(milestone.title)} <span" in timeline  # and written beside the row
    months = re.findall(r'class="gv-tick[^"]*">([^<]+)</text>', timeline)
    assert months and not any(re.fullmatch(r"\w+\.? \d\d", m) for m in months)  # not "Sep 26"
    assert any(re.fullmatch(r"\d{4}", m) for m in months)  # the year, under its month


def test_the_charts_read_in_french(lead_client):
    content = lead_client.get(reverse("home"), headers={"accept-language": "fr"}).content.decode()
    assert 'lang="fr"' in content
    legend = _element(content, "coverage-legend")
    assert f"{COVERAGE_TARGET}" in legend and "Target reached" not in legend
