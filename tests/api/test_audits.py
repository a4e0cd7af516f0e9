"""Audits and platform evaluations through the API, per persona: seen as their pages show them
(audits.rules, audits.selectors), an audit with its report, the filters; read only."""

from __future__ import annotations

import datetime as dt

import pytest

from audits import scoring
from audits import services as audit_services
from channels_registry.models import Platform
from tests.api.conftest import NOW

pytestmark = pytest.mark.django_db
DAY = NOW.date()


def ids(answer) -> set[int]:
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["results"]}


def test_audits_as_their_pages_show_them(api_as, auditing):
    completed, conducted = auditing.completed.pk, auditing.conducted.pk
    for persona in ("admin", "lead", "auditor", "lead_auditor"):
        assert ids(api_as(persona, ["audits:read"]).get("audits/")) == {completed, conducted}
    # The outside auditor sees the audit they conduct, until it is completed.
    partner = api_as("partner", ["read"])
    assert ids(partner.get("audits/")) == {conducted}
    assert partner.get(f"audits/{conducted}/").status_code == 200
    assert partner.get(f"audits/{completed}/").status_code == 404
    for persona in ("owner", "member", "outsider"):
        assert ids(api_as(persona).get("audits/")) == set()
        assert api_as(persona).get(f"audits/{conducted}/").status_code == 404
    assert api_as("lead", ["roadmap:write"]).get("audits/").status_code == 403
    assert api_as("lead").post("audits/", {"title": "No"}).status_code == 405


def test_the_list_gives_the_list_pages_figures(api_as, auditing):
    rows = {row["id"]: row for row in api_as("lead").get("audits/").json()["results"]}
    completed, conducted = rows[auditing.completed.pk], rows[auditing.conducted.pk]
    assert (completed["status"], completed["channel_count"]) == ("completed", 2)
    assert completed["score"] == pytest.approx(4.0)
    assert (conducted["status"], conducted["channel_count"], conducted["score"]) == (
        "in_progress",
        1,
        None,
    )
    assert list(rows) == [auditing.conducted.pk, auditing.completed.pk]  # newest first


def test_an_audit_reads_as_its_report(api_as, world, auditing):
    audit = auditing.completed
    answer = api_as("auditor").get(f"audits/{audit.pk}/")
    assert answer.status_code == 200 and answer["ETag"]
    body = answer.json()
    report = scoring.report(audit)
    assert [c["id"] for c in body["criteria"]] == [c.pk for c in report.criteria]
    assert body["score"] == pytest.approx(4.0) and body["previous_audit"] is None
    channels = {row["assessment"]["channel"]: row for row in body["channels"]}
    assert set(channels) == {world.ours.pk, world.theirs.pk}
    ours = channels[world.ours.pk]
    assert ours["weighted_score"] == pytest.approx(4.0)
    assert {s["score"] for s in ours["scores"]} == {4}
    assert len(ours["scores"]) == len(report.criteria)
    assert ours["assessment"]["followers"] == 1000
    assert ours["assessment"]["engagement_rate"] == "2.50"
    [finding] = body["findings"]
    assert finding["id"] == auditing.finding.pk
    assert (finding["severity"], finding["observed"], finding["status"]) == (
        "high",
        "Two-factor off",
        "open",
    )
    assert finding["channels"] == [world.theirs.pk]
    # The audit after it compares with it, channel by channel.
    later = api_as("partner").get(f"audits/{auditing.conducted.pk}/").json()
    assert later["previous_audit"] == audit.pk
    assert later["previous_score"] == pytest.approx(4.0)
    assert later["channels"][0]["previous_score"] == pytest.approx(4.0)
    assert later["channels"][0]["weighted_score"] is None and later["findings"] == []


def test_audit_filters(api_as, world, personas, auditing):
    lead = api_as("lead")
    completed, conducted = auditing.completed.pk, auditing.conducted.pk
    assert ids(lead.get("audits/", status="completed")) == {completed}
    assert ids(lead.get("audits/", auditor=personas.partner.person.pk)) == {conducted}
    assert ids(lead.get("audits/", channel=world.theirs.pk)) == {completed}
    assert ids(lead.get("audits/", channel=world.ours.pk)) == {completed, conducted}
    after = (DAY + dt.timedelta(days=1)).isoformat()
    assert ids(lead.get("audits/", conducted_after=after)) == {conducted}
    assert ids(lead.get("audits/", conducted_before=DAY.isoformat())) == {completed}
    assert lead.get("audits/", status="finished").status_code == 400


def test_evaluations_to_those_who_see_everything(api_as, auditing):
    evaluation = auditing.evaluation
    for persona in ("admin", "lead", "auditor"):
        assert ids(api_as(persona, ["audits:read"]).get("platform-evaluations/")) == {evaluation.pk}
    row = api_as("auditor").get(f"platform-evaluations/{evaluation.pk}/").json()
    assert row["decision"] == "not_now"
    assert row["rationale"] == "Our audience is elsewhere"
    assert row["next_evaluation_on"] == (DAY + dt.timedelta(days=90)).isoformat()
    for persona in ("owner", "member", "partner", "outsider"):
        assert ids(api_as(persona).get("platform-evaluations/")) == set()
        assert api_as(persona).get(f"platform-evaluations/{evaluation.pk}/").status_code == 404


def test_evaluation_filters(api_as, personas, auditing):
    first = auditing.evaluation
    later = audit_services.evaluation_record(
        actor=personas.lead,
        platform=first.platform,
        decision="adopt",
        rationale="They moved there",
        evaluated_on=DAY + dt.timedelta(days=30),
        next_evaluation_on=DAY + dt.timedelta(days=395),
    )
    linkedin = audit_services.evaluation_record(
        actor=personas.lead,
        platform=Platform.objects.get(slug="linkedin"),
        decision="adopt",
        rationale="Where our partners are",
        evaluated_on=DAY,
        next_evaluation_on=DAY + dt.timedelta(days=365),
    )
    lead = api_as("lead")
    assert ids(lead.get("platform-evaluations/", platform=first.platform_id)) == {
        first.pk,
        later.pk,
    }
    assert ids(lead.get("platform-evaluations/", decision="adopt")) == {later.pk, linkedin.pk}
    # As the list page: each platform's latest decision.
    assert ids(lead.get("platform-evaluations/", latest="true")) == {later.pk, linkedin.pk}
    assert ids(lead.get("platform-evaluations/", latest="false")) == {first.pk}
    due = (DAY + dt.timedelta(days=365)).isoformat()
    assert ids(lead.get("platform-evaluations/", next_evaluation_before=due)) == {
        first.pk,
        linkedin.pk,
    }
    assert lead.get("platform-evaluations/", decision="maybe").status_code == 400
