"""What a provider's SCIM calls do to Gouvernail (governance/provisioning/services.py): people matched or
created once, `active: false` and DELETE start one off-boarding however often they come, a user
comes back as the same account, groups give roles and teams, every write names the token."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from accounts import roles
from accounts.models import GroupMapping, ObjectChange, Person, User
from accounts.sso.services import sign_in_provider_create
from governance.models import Offboarding
from governance.provisioning.models import ScimUser
from tests.factories import ChannelFactory, GrantFactory, PartnerFactory, PersonFactory, TeamFactory
from tests.governance.provisioning.scim_support import ScimClient, group_body, make_token, user_body

pytestmark = pytest.mark.django_db

# 23:30 UTC on 3 March is already 4 March in Paris (the organisation's time zone).
LATE = dt.datetime(2030, 3, 3, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def scim():
    return ScimClient(make_token("Entra ID").secret)


def _create(scim, email, **extra) -> str:
    response = scim.post("Users", user_body(email, **extra))
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_a_known_person_is_linked_not_duplicated(scim):
    known = PersonFactory(first_name="Ann", last_name="Lee", email="ann.lee@example.org")
    _create(scim, "Ann.Lee@example.org", title="Editor")
    person = Person.objects.get(email="ann.lee@example.org")
    assert person == known and Person.objects.count() == 1
    assert person.user is not None and not person.user.has_usable_password()
    assert person.job_title == "Editor"
    entries = ObjectChange.objects.filter(actor_label="SCIM: Entra ID")
    assert entries.filter(object_repr="Ann.Lee@example.org").exists()  # its userName, as sent
    # Only the token's creation (made by no one here) is not the provider's.
    assert set(ObjectChange.objects.values_list("actor_label", flat=True)) == {
        "SCIM: Entra ID",
        "system",
    }
    assert ObjectChange.objects.filter(actor_label="system").count() == 1


@time_machine.travel(LATE, tick=False)
def test_active_false_starts_one_offboarding_however_often_it_is_sent(scim):
    scim_id = _create(scim, "ann@example.org")
    person = Person.objects.get(email="ann@example.org")
    GrantFactory(channel=ChannelFactory(), person=person)
    off = [{"op": "replace", "path": "active", "value": False}]
    for _ in range(3):
        assert scim.patch(f"Users/{scim_id}", off).status_code == 200
    assert (
        scim.put(f"Users/{scim_id}", user_body("ann@example.org", active=False)).status_code == 200
    )
    offboarding = Offboarding.objects.get(person=person)
    assert offboarding.last_day == dt.date(2030, 3, 4)  # today in Paris
    assert offboarding.tasks.count() == 1
    labels = ObjectChange.objects.for_object(offboarding).values_list("actor_label", flat=True)
    assert set(labels) == {"SCIM: Entra ID"}
    user = User.objects.get(email="ann@example.org")
    assert not user.is_active
    assert scim.get(f"Users/{scim_id}").json()["active"] is False
    assert scim.delete(f"Users/{scim_id}").status_code == 204
    assert Offboarding.objects.filter(person=person).count() == 1
    assert ScimUser.objects.filter(user=user).exists()  # kept, only no longer served
    assert scim.get(f"Users/{scim_id}").status_code == 404


@time_machine.travel(LATE, tick=False)
def test_entra_sends_active_as_a_string_without_a_path(scim):
    scim_id = _create(scim, "ann@example.org")
    entra = [{"op": "Replace", "value": {"active": "False"}}]
    assert scim.patch(f"Users/{scim_id}", entra).status_code == 200
    assert Offboarding.objects.filter(person__email="ann@example.org").count() == 1


@time_machine.travel(LATE, tick=False)
def test_delete_starts_the_offboarding_and_keeps_everything(scim):
    scim_id = _create(scim, "ann@example.org")
    assert scim.delete(f"Users/{scim_id}").status_code == 204
    assert scim.delete(f"Users/{scim_id}").status_code == 404
    assert Offboarding.objects.filter(person__email="ann@example.org").count() == 1
    assert User.objects.filter(email="ann@example.org", is_active=False).exists()


@time_machine.travel(LATE, tick=False)
def test_a_reactivated_user_is_the_same_account_and_its_offboarding_stays(scim):
    scim_id = _create(scim, "ann@example.org")
    user = User.objects.get(email="ann@example.org")
    scim.patch(f"Users/{scim_id}", [{"op": "replace", "path": "active", "value": False}])
    back = scim.patch(f"Users/{scim_id}", [{"op": "replace", "path": "active", "value": True}])
    assert back.status_code == 200 and back.json()["active"] is True
    user.refresh_from_db()
    person = Person.objects.get(user=user)
    assert user.is_active and person.status == "active" and person.end_date is None
    assert User.objects.count() == 1 and Offboarding.objects.filter(person=person).count() == 1
    # Deleted, then sent again: the same account and SCIM user come back.
    scim.delete(f"Users/{scim_id}")
    assert _create(scim, "ann@example.org") == scim_id
    assert User.objects.get(email="ann@example.org").is_active
    assert Offboarding.objects.filter(person=person).count() == 1


def test_groups_give_roles_and_teams_and_take_them_back(scim):
    social = TeamFactory(name="Social")
    GroupMapping.objects.create(group="gv-leads", role=roles.GOVERNANCE_LEAD)
    GroupMapping.objects.create(group="0a1b-object-id", team=social)
    ann = _create(scim, "ann@example.org")
    group = scim.post("Groups", group_body("gv-leads", [ann], externalId="0a1b-object-id")).json()
    user = User.objects.get(email="ann@example.org")
    assert set(user.groups.values_list("name", flat=True)) == {roles.GOVERNANCE_LEAD}
    assert Person.objects.get(user=user).team == social
    scim.patch(f"Groups/{group['id']}", [{"op": "remove", "path": f'members[value eq "{ann}"]'}])
    assert not user.groups.exists()
    scim.patch(
        f"Groups/{group['id']}", [{"op": "add", "path": "members", "value": [{"value": ann}]}]
    )
    assert user.groups.filter(name=roles.GOVERNANCE_LEAD).exists()
    scim.patch(f"Groups/{group['id']}", [{"op": "replace", "path": "displayName", "value": "x"}])
    assert not user.groups.exists()  # renamed: the mapping no longer names it
    scim.patch(
        f"Groups/{group['id']}", [{"op": "replace", "path": "displayName", "value": "gv-leads"}]
    )
    assert scim.delete(f"Groups/{group['id']}").status_code == 204
    assert not user.groups.exists()
    entries = ObjectChange.objects.for_object(user).filter(message="Identity provider groups")
    assert set(entries.values_list("actor_label", flat=True)) == {"SCIM: Entra ID"}
    assert entries.count() == 6  # given, taken, given, taken (renamed), given, taken (deleted)


@override_settings(ORGANISATION_EMAIL_DOMAINS=["example.org"])
def test_a_partners_provider_provisions_only_its_domains_and_sees_only_its_users(scim):
    _create(scim, "ann@example.org")
    provider = sign_in_provider_create(
        actor=None,
        name="Agency",
        slug="agency",
        protocol="openid_connect",
        partner=PartnerFactory(),
        email_domains="agency.test",
    )
    agency = ScimClient(make_token("Agency", provider=provider).secret)
    refused = agency.post("Users", user_body("eve@example.org"))
    assert refused.status_code == 400
    assert agency.post("Users", user_body("bob@agency.test")).status_code == 201
    assert Person.objects.get(email="bob@agency.test").partner == provider.partner
    listed = agency.get("Users").json()
    assert [r["userName"] for r in listed["Resources"]] == ["bob@agency.test"]


def test_an_address_another_user_has_is_a_conflict(scim):
    _create(scim, "ann@example.org")
    bob = _create(scim, "bob@example.org")
    clash = scim.put(
        f"Users/{bob}",
        user_body("bob@example.org", emails=[{"value": "ann@example.org", "primary": True}]),
    )
    assert clash.status_code == 409
    moved = scim.put(
        f"Users/{bob}",
        user_body("bob@example.org", emails=[{"value": "robert@example.org", "primary": True}]),
    )
    assert moved.status_code == 200
    assert Person.objects.filter(
        email="robert@example.org", user__email="robert@example.org"
    ).exists()
