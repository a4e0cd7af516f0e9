"""Objectives and KPI readings through the API, per persona: read as the roadmap pages show them
(their progress computed by roadmap.progress), filtered, and a reading added through the
objective page's form and `reading_add`, with the page's rules and messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import ObjectChange
from roadmap import services
from roadmap.forms import ReadingForm
from roadmap.models import KpiReading
from roadmap.progress import progress
from tests.api.conftest import NOW, Api, make_token
from tests.support.clock import on

pytestmark = pytest.mark.django_db
DAY = NOW.date()


def ids(answer) -> set[int]:
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["results"]}


def test_objectives_to_everyone_who_reads_the_roadmap(api_as, planning):
    both = {planning.objective.pk, planning.second.pk}
    for persona in ("admin", "lead", "owner", "member", "partner", "auditor", "lead_auditor"):
        api = api_as(persona, ["roadmap:read"])
        assert ids(api.get("objectives/")) == both
        assert ids(api.get("kpi-readings/")) == {planning.reading.pk}
    outsider = api_as("outsider")
    assert ids(outsider.get("objectives/")) == set()
    assert ids(outsider.get("kpi-readings/")) == set()
    assert outsider.get(f"objectives/{planning.objective.pk}/").status_code == 404
    assert outsider.get(f"kpi-readings/{planning.reading.pk}/").status_code == 404
    assert api_as("lead", ["audits:write"]).get("objectives/").status_code == 403


def test_an_objective_with_its_progress_as_the_page_computes_it(api_as, planning):
    objective = planning.objective
    answer = api_as("member").get(f"objectives/{objective.pk}/")
    assert answer.status_code == 200 and answer["ETag"]
    body = answer.json()
    assert (body["title"], body["kpi_name"], body["direction"]) == ("Grow", "Followers", "increase")
    assert (body["baseline"], body["target"]) == ("1000.00", "2000.00")
    assert (body["baseline_on"], body["deadline"]) == ("2026-01-01", "2026-12-31")
    assert (body["status"], body["primary"], body["relevance"]) == ("active", True, "Reach")
    page = progress(objective, [planning.reading])
    assert body["progress"] == {
        "state": "behind",
        "latest_value": "1100.00",
        "latest_on": planning.reading.measured_on.isoformat(),
        "expected": str(page.expected),
    }
    assert page.state == "behind"
    rows = {row["id"]: row for row in api_as("member").get("objectives/").json()["results"]}
    assert rows[objective.pk]["progress"] == body["progress"]
    assert rows[planning.second.pk]["primary"] is False
    assert rows[planning.second.pk]["progress"] == {
        "state": "no_reading",
        "latest_value": None,
        "latest_on": None,
        "expected": None,
    }


def test_objective_and_reading_filters(api_as, personas, planning):
    services.objective_close(actor=personas.lead, objective=planning.second, status="dropped")
    more = services.reading_add(
        actor=personas.lead,
        objective=planning.second,
        measured_on=DAY - dt.timedelta(days=10),
        value=Decimal(5),
    )
    lead = api_as("lead")
    assert ids(lead.get("objectives/", status="active")) == {planning.objective.pk}
    assert ids(lead.get("objectives/", status="dropped")) == {planning.second.pk}
    assert ids(lead.get("objectives/", primary="true")) == {planning.objective.pk}
    assert ids(lead.get("objectives/", owner=personas.owner.person.pk)) == set()
    assert lead.get("objectives/", status="late").status_code == 400
    assert ids(lead.get("kpi-readings/", objective=planning.second.pk)) == {more.pk}
    after = (DAY - dt.timedelta(days=5)).isoformat()
    assert ids(lead.get("kpi-readings/", measured_after=after)) == {planning.reading.pk}
    assert ids(lead.get("kpi-readings/", measured_before=after)) == {more.pk}


def test_a_lead_adds_a_reading_named_in_the_history(personas, planning):
    objective, url = planning.objective, f"objectives/{planning.objective.pk}/"
    token = make_token(personas.lead, ["roadmap:write"])
    api = Api(token.secret)
    etag = api.get(url)["ETag"]
    with on(DAY):
        added = api.post(
            url + "readings/",
            {"measured_on": DAY.isoformat(), "value": "1300.5", "note": " Spring push "},
            headers={"If-Match": etag},
        )
    assert added.status_code == 201, added.content
    reading = KpiReading.objects.get(pk=added.json()["id"])
    assert added.json() == {
        "id": reading.pk,
        "objective": objective.pk,
        "measured_on": DAY.isoformat(),
        "value": "1300.50",
        "note": "Spring push",
        "entered_by": personas.lead.pk,
        "created_at": added.json()["created_at"],
    }
    change = ObjectChange.objects.for_object(reading).get()
    assert change.actor_label == f"lead@example.org (API token {token.prefix})"
    assert api.get(url).json()["progress"]["latest_value"] == "1300.50"
    # The objective changed since that ETag was read: refused, nothing added.
    with on(DAY):
        stale = api.post(
            url + "readings/",
            {"measured_on": (DAY - dt.timedelta(days=2)).isoformat(), "value": "1"},
            headers={"If-Match": etag},
        )
    assert stale.status_code == 412
    assert objective.readings.count() == 2


def test_a_reading_keeps_the_pages_messages(api_as, planning):
    url = f"objectives/{planning.objective.pk}/readings/"
    lead = api_as("lead")
    with on(DAY):
        future = lead.post(
            url, {"measured_on": (DAY + dt.timedelta(days=1)).isoformat(), "value": 1}
        )
        twice = lead.post(
            url, {"measured_on": planning.reading.measured_on.isoformat(), "value": 1}
        )
        large = lead.post(url, {"measured_on": DAY.isoformat(), "value": "123456789012345"})
        fine = lead.post(url, {"measured_on": DAY.isoformat(), "value": "0.5"})
    assert future.status_code == 400
    assert future.json()["errors"] == [
        {"detail": "A reading cannot be in the future.", "pointer": "#/measured_on"}
    ]
    assert future.json()["detail"] == "A reading cannot be in the future."
    assert twice.json()["errors"] == [
        {"detail": "There is already a reading on this date.", "pointer": "#/measured_on"}
    ]
    form = ReadingForm({"measured_on": DAY, "value": "123456789012345"})
    assert not form.is_valid()
    assert large.status_code == 400
    assert large.json()["errors"] == [{"detail": form.errors["value"][0], "pointer": "#/value"}]
    assert fine.status_code == 201
    missing = lead.post(url, {"value": 1})
    assert missing.status_code == 400 and missing.json()["errors"][0]["pointer"] == "#/measured_on"
    assert planning.objective.readings.count() == 2


def test_only_leads_and_admins_add_readings(api_as, planning):
    url = f"objectives/{planning.objective.pk}/readings/"
    body = {"measured_on": DAY.isoformat(), "value": "1200"}
    for persona in ("auditor", "member", "owner", "partner"):
        refused = api_as(persona).post(url, body)
        assert refused.status_code == 403, persona
        assert refused.json()["type"] == "urn:gouvernail:problem:permission_denied"
    assert api_as("outsider").post(url, body).status_code == 404  # the roadmap is hidden
    assert api_as("lead", ["roadmap:read"]).post(url, body).status_code == 403
    assert api_as("lead", ["audits:write"]).post(url, body).status_code == 403
    assert planning.objective.readings.count() == 1  # nothing refused was written
    assert api_as("admin", ["roadmap:write"]).post(url, body).status_code == 201
