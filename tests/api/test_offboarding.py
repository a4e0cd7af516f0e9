"""Off-boardings through the API, per persona: seen and started as on their pages, their tasks
confirmed through the task page's form and `offboarding_task_confirm`."""

from __future__ import annotations

import pytest

from accounts.models import ObjectChange
from governance.models import AccessGrant, Offboarding
from tests.api.conftest import Api, make_token

pytestmark = pytest.mark.django_db


def ids(answer) -> set[int]:
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["results"]}


def test_offboardings_are_seen_by_leads_auditors_and_assignees(api_as, leaving):
    offboarding = leaving.offboarding
    for persona in ("lead", "auditor", "owner"):
        assert ids(api_as(persona).get("offboardings/")) == {offboarding.pk}
    for persona in ("member", "partner", "outsider"):
        assert ids(api_as(persona).get("offboardings/")) == set()
        assert api_as(persona).get(f"offboardings/{offboarding.pk}/").status_code == 404
    detail = api_as("owner", ["offboarding:read"]).get(f"offboardings/{offboarding.pk}/")
    assert detail.status_code == 200 and detail["ETag"]
    assert detail.json() | {"created_at": None} == {
        "id": offboarding.pk,
        "person": offboarding.person_id,
        "last_day": "2026-04-01",
        "reason": "Moves abroad",
        "status": "open",
        "initiated_by": offboarding.initiated_by_id,
        "created_at": None,
        "completed_at": None,
        "account_deactivated_at": None,
        "task_total": 1,
        "task_done": 0,
    }
    lead = api_as("lead")
    assert ids(lead.get("offboardings/", status="completed")) == set()
    assert ids(lead.get("offboardings/", person=offboarding.person_id)) == {offboarding.pk}
    assert lead.get("offboardings/", status="nonsense").status_code == 400


def test_a_lead_starts_an_offboarding_named_in_the_history(personas, leaving):
    token = make_token(personas.lead, ["offboarding:write"])
    api = Api(token.secret)
    started = api.post(
        "offboardings/",
        {"person": leaving.stayer.pk, "last_day": "2026-04-01", "reason": "Retires"},
    )
    assert started.status_code == 201, started.content
    offboarding = Offboarding.objects.get(pk=started.json()["id"])
    assert offboarding.person == leaving.stayer and offboarding.initiated_by == personas.lead
    assert started.json()["task_total"] == 0
    change = ObjectChange.objects.for_object(offboarding).order_by("pk").first()
    assert change.actor_label == f"lead@example.org (API token {token.prefix})"
    # The service's own message, unchanged: a person leaves once.
    again = api.post("offboardings/", {"person": leaving.stayer.pk, "last_day": "2026-04-01"})
    assert again.status_code == 400
    assert again.json()["detail"].startswith("Sam Stayer already has an off-boarding")


def test_only_leads_and_admins_start_one_and_the_form_validates(api_as, leaving):
    body = {"person": leaving.stayer.pk, "last_day": "2026-04-01"}
    for persona in ("owner", "member", "auditor", "outsider"):
        assert api_as(persona).post("offboardings/", body).status_code == 403
    assert api_as("lead", ["offboarding:read"]).post("offboardings/", body).status_code == 403
    missing = api_as("lead").post("offboardings/", {"person": 0, "last_day": "2026-04-01"})
    assert missing.status_code == 400
    assert missing.json()["errors"] == [{"detail": "No such person.", "pointer": "#/person"}]
    empty = api_as("lead").post("offboardings/", {})
    assert {e["pointer"] for e in empty.json()["errors"]} == {"#/person", "#/last_day"}
    assert not Offboarding.objects.filter(person=leaving.stayer).exists()


def test_tasks_are_those_of_the_offboardings_seen(api_as, leaving):
    task = leaving.task
    assert ids(api_as("owner").get("offboarding-tasks/")) == {task.pk}
    assert ids(api_as("auditor").get("offboarding-tasks/", status="open")) == {task.pk}
    assert ids(api_as("lead").get("offboarding-tasks/", status="done")) == set()
    assert ids(api_as("member").get("offboarding-tasks/")) == set()
    assert api_as("member").get(f"offboarding-tasks/{task.pk}/").status_code == 404
    row = api_as("lead").get(f"offboarding-tasks/{task.pk}/").json()
    assert (row["kind"], row["status"], row["offboarding"]) == (
        "revoke",
        "open",
        leaving.offboarding.pk,
    )


def test_the_assignee_confirms_a_task_and_the_offboarding_completes(personas, api_as, leaving):
    task, url = leaving.task, f"offboarding-tasks/{leaving.task.pk}/"
    owner = api_as("owner", ["offboarding:write"])
    etag = owner.get(url)["ETag"]
    assert api_as("auditor").post(url + "confirm/", {"evidence": "x"}).status_code == 403
    assert api_as("member").post(url + "confirm/", {"evidence": "x"}).status_code == 404
    blank = owner.post(url + "confirm/", {"evidence": " "})
    assert blank.status_code == 400
    assert blank.json()["errors"][0]["pointer"] == "#/evidence"
    stale = owner.post(url + "confirm/", {"evidence": "Done"}, headers={"If-Match": '"x"'})
    assert stale.status_code == 412
    done = owner.post(url + "confirm/", {"evidence": "Removed in Meta"}, headers={"If-Match": etag})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done" and done.json()["done_by"] == personas.owner.pk
    assert AccessGrant.objects.get(pk=task.grant_id).status == "revoked"
    leaving.offboarding.refresh_from_db()
    assert leaving.offboarding.status == "completed"
    again = owner.post(url + "confirm/", {"evidence": "Again"})
    assert again.status_code == 400
    assert again.json()["detail"] == "This task is already done."
