"""`active` as Okta and Entra ID send it (governance/provisioning/services.py): `active: true`
comes with every full profile, so it brings back only a user the provider itself had set
inactive; a person off-boarded by other means stays leaving or left. A rehired person who leaves
again starts no second off-boarding (one per person), and the history and the call say so."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from accounts.choices import PersonStatus
from accounts.models import ObjectChange, Person, User
from accounts.services import person_update, user_update
from governance.models import Offboarding
from governance.offboarding.services import offboarding_start
from governance.provisioning.models import ScimCall
from governance.provisioning.services import AGAIN
from tests.factories import PersonFactory
from tests.governance.provisioning.scim_support import ScimClient, make_token, user_body

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2030, 3, 3, 9, 0, tzinfo=dt.UTC)
OFF = [{"op": "replace", "path": "active", "value": False}]
ON = [{"op": "replace", "path": "active", "value": True}]


@pytest.fixture
def scim():
    return ScimClient(make_token("Okta").secret)


def _create(scim, email) -> str:
    response = scim.post("Users", user_body(email))
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _state(email: str):
    person = Person.objects.select_related("user").get(email=email)
    return person.status, person.end_date, person.user.is_active


@time_machine.travel(NOW, tick=False)
def test_active_true_leaves_a_person_offboarded_by_hand_as_they_are(scim, personas):
    scim_id = _create(scim, "ann@example.org")
    person = Person.objects.get(email="ann@example.org")
    offboarding_start(actor=personas.lead, person=person, last_day=dt.date(2030, 3, 10))
    before = _state("ann@example.org")
    assert before[0] == PersonStatus.LEAVING
    assert scim.put(f"Users/{scim_id}", user_body("ann@example.org")).status_code == 200
    assert scim.patch(f"Users/{scim_id}", ON).status_code == 200
    assert _state("ann@example.org") == before
    assert Offboarding.objects.filter(person=person).count() == 1


@time_machine.travel(NOW, tick=False)
def test_active_true_brings_back_neither_a_leaver_nor_a_disabled_account(scim, personas):
    """Someone who left before the provider ever sent them: provisioned, but not brought back."""
    gone = dt.date(2029, 12, 31)
    person = PersonFactory(email="bob@example.org", status=PersonStatus.LEFT, end_date=gone)
    bob = User.objects.create_user(email="bob@example.org", password=None)
    person_update(actor=personas.admin, person=person, user=bob)
    user_update(actor=personas.admin, user=bob, is_active=False)
    before = _state("bob@example.org")
    scim_id = _create(scim, "bob@example.org")
    assert _state("bob@example.org") == before == (PersonStatus.LEFT, gone, False)
    assert scim.get(f"Users/{scim_id}").json()["active"] is False  # as the account is
    assert scim.put(f"Users/{scim_id}", user_body("bob@example.org")).status_code == 200
    assert _state("bob@example.org") == before


@time_machine.travel(NOW, tick=False)
def test_the_provider_brings_back_whom_it_deactivated(scim):
    scim_id = _create(scim, "ann@example.org")
    assert scim.patch(f"Users/{scim_id}", OFF).status_code == 200
    assert _state("ann@example.org")[0] == PersonStatus.LEAVING
    assert scim.put(f"Users/{scim_id}", user_body("ann@example.org")).status_code == 200
    assert _state("ann@example.org") == (PersonStatus.ACTIVE, None, True)


@time_machine.travel(NOW, tick=False)
def test_a_rehired_person_leaving_again_is_said_in_the_history_and_the_call(scim):
    scim_id = _create(scim, "ann@example.org")
    scim.patch(f"Users/{scim_id}", OFF)
    scim.patch(f"Users/{scim_id}", ON)  # rehired: active again, the off-boarding stays
    person = Person.objects.get(email="ann@example.org")
    assert person.status == PersonStatus.ACTIVE
    for _ in range(2):  # the provider repeats itself: said once
        assert scim.patch(f"Users/{scim_id}", OFF).status_code == 200
    assert Offboarding.objects.filter(person=person).count() == 1
    assert _state("ann@example.org")[2] is False
    said = ObjectChange.objects.for_object(person).filter(message=AGAIN)
    assert [c.actor_label for c in said] == ["SCIM: Okta"]
    noted = ScimCall.objects.filter(outcome__contains="no new off-boarding")
    assert list(noted.values_list("method", "status")) == [("PATCH", 200)]
