"""A partner's SCIM token reaches only its own users (governance/provisioning/rules.py,
services.py): it may not move one of them to an address it does not admit, name another token's
users as members, learn the organisation's userNames or displayNames, or take one from it.
E-mail addresses stay unique across the whole directory."""

from __future__ import annotations

import pytest
from django.test import override_settings

from accounts.models import Person, User
from accounts.sso.services import sign_in_provider_create
from governance.provisioning.models import ScimGroup
from tests.factories import PartnerFactory
from tests.governance.provisioning.scim_support import ScimClient, group_body, make_token, user_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organisation_domain")]


@pytest.fixture
def organisation_domain():
    with override_settings(ORGANISATION_EMAIL_DOMAINS=["example.org"]):
        yield


@pytest.fixture
def org():
    return ScimClient(make_token("Entra ID").secret)


@pytest.fixture
def agency():
    provider = sign_in_provider_create(
        actor=None,
        name="Agency",
        slug="agency",
        protocol="openid_connect",
        partner=PartnerFactory(),
        email_domains="agency.test",
    )
    return ScimClient(make_token("Agency", provider=provider).secret)


def _create(scim, email, **extra) -> str:
    response = scim.post("Users", user_body(email, **extra))
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_a_partner_may_not_move_its_user_to_an_address_it_does_not_admit(agency):
    bob = _create(agency, "bob@agency.test")
    moved = agency.put(
        f"Users/{bob}",
        user_body("bob@agency.test", emails=[{"value": "ceo@example.org", "primary": True}]),
    )
    assert moved.status_code == 400 and moved.json()["scimType"] == "invalidValue"
    assert User.objects.filter(email="bob@agency.test").exists()
    assert not Person.objects.filter(email="ceo@example.org").exists()
    patched = agency.patch(
        f"Users/{bob}",
        [{"op": "replace", "path": "emails", "value": [{"value": "x@example.org"}]}],
    )
    assert patched.status_code == 400
    assert User.objects.get(scim__scim_id=bob).email == "bob@agency.test"


def test_a_partner_may_not_name_the_organisations_users_as_members(org, agency):
    ann = _create(org, "ann@example.org")
    bob = _create(agency, "bob@agency.test")
    refused = agency.post("Groups", group_body("agency-staff", [bob, ann]))
    assert refused.status_code == 400 and ann in refused.json()["detail"]
    group = agency.post("Groups", group_body("agency-staff", [bob])).json()["id"]
    add = [{"op": "add", "path": "members", "value": [{"value": ann}]}]
    assert agency.patch(f"Groups/{group}", add).status_code == 400
    members = ScimGroup.objects.get(scim_id=group).members.all()
    assert [m.user.email for m in members] == ["bob@agency.test"]


def test_a_partner_neither_learns_nor_takes_the_organisations_names(org, agency):
    _create(org, "ann@example.org", userName="ann")
    org.post("Groups", group_body("Marketing"))
    # The agency's names are its own: no 409 telling it the organisation uses them.
    assert _create(agency, "ann@agency.test", userName="ann")
    assert agency.post("Groups", group_body("Marketing")).status_code == 201
    assert agency.post("Groups", group_body("Design")).status_code == 201
    # And a name the agency took first is still free for the organisation.
    assert org.post("Groups", group_body("Design")).status_code == 201
    assert _create(org, "bob@example.org", userName="bob")
    assert _create(agency, "bob@agency.test", userName="BOB")
    # Within one scope, names stay unique; addresses stay unique everywhere.
    assert org.post("Groups", group_body("marketing")).status_code == 409
    assert agency.post("Users", user_body("eve@agency.test", userName="ann")).status_code == 409
    clash = agency.post("Users", user_body("ann@agency.test", userName="ann2"))
    assert clash.status_code == 409
