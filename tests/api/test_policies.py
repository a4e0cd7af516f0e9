"""Policies through the API, per persona: the policies and acceptances seen as on their pages,
the version in force accepted through `policy_acknowledge`."""

from __future__ import annotations

import pytest

from accounts.models import ObjectChange
from governance.models import Acknowledgement
from tests.api.conftest import Api, make_token

pytestmark = pytest.mark.django_db


def ids(answer) -> set[int]:
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["results"]}


def test_policies_with_their_version_in_force(api_as, policy):
    for persona in ("lead", "auditor", "member", "outsider"):
        assert ids(api_as(persona, ["policies:read"]).get("policies/")) == {policy.pk}
    row = api_as("member").get(f"policies/{policy.pk}/")
    assert row.status_code == 200 and row["ETag"]
    assert row.json()["current_version"]["number"] == 1
    assert row.json()["current_version"]["body"] == "Be kind."
    lead = api_as("lead")
    assert ids(lead.get("policies/", archived="true")) == set()
    assert ids(lead.get("policies/", kind="crisis_plan")) == set()
    assert ids(lead.get("policies/", archived="false")) == {policy.pk}


def test_acceptances_as_the_policy_page_shows_them(api_as, personas, policy):
    accepted = policy.acknowledgement.pk
    for persona in ("lead", "auditor", "owner", "member"):  # the owner owns the policy
        assert ids(api_as(persona).get("acknowledgements/")) == {accepted}
    assert ids(api_as("partner").get("acknowledgements/")) == set()
    assert api_as("partner").get(f"acknowledgements/{accepted}/").status_code == 404
    lead = api_as("lead")
    assert ids(lead.get("acknowledgements/", person=personas.member.person.pk)) == {accepted}
    assert ids(lead.get("acknowledgements/", policy=policy.pk + 1)) == set()


def test_accepting_the_version_in_force_once(personas, policy):
    token = make_token(personas.owner, ["policies:write"])
    api = Api(token.secret)
    accepted = api.post(f"policies/{policy.pk}/accept/")
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["version_number"] == 1
    assert accepted.json()["person"] == personas.owner.person.pk
    made = Acknowledgement.objects.get(pk=accepted.json()["id"])
    change = ObjectChange.objects.for_object(made).get()
    assert change.actor_label == f"owner@example.org (API token {token.prefix})"
    again = api.post(f"policies/{policy.pk}/accept/")
    assert again.status_code == 400
    assert again.json()["detail"] == "Version 1 is already accepted."
    read_only = Api(make_token(personas.lead, ["policies:read"]).secret)
    assert read_only.post(f"policies/{policy.pk}/accept/").status_code == 403


def test_who_is_not_addressed_is_told_so(api_as, policy):
    refused = api_as("auditor").post(f"policies/{policy.pk}/accept/")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "This policy does not address you."
    assert api_as("outsider").post(f"policies/{policy.pk + 1}/accept/").status_code == 404
