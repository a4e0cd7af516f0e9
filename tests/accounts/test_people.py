"""The people directory: validation explains, and the demo generator is idempotent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accounts import services
from accounts.choices import PersonKind, PersonStatus
from accounts.models import Person, User
from tests.factories import PartnerFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_leaving_needs_an_end_date(personas):
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.person_update(actor=personas.lead, person=person, status=PersonStatus.LEAVING)
    assert "end_date" in error.value.message_dict
    person.refresh_from_db()
    assert person.status == PersonStatus.ACTIVE


def test_agency_staff_belong_to_a_partner(personas):
    with pytest.raises(ValidationError) as error:
        services.person_create(
            actor=personas.lead, first_name="A", last_name="B", kind=PersonKind.AGENCY_STAFF
        )
    assert "partner" in error.value.message_dict
    person = services.person_create(
        actor=personas.lead,
        first_name="A",
        last_name="B",
        kind=PersonKind.AGENCY_STAFF,
        partner=PartnerFactory(),
    )
    assert person.pk


def test_email_is_unique_whatever_its_case(personas):
    PersonFactory(email="jo@example.org")
    with pytest.raises(ValidationError) as error:
        services.person_create(
            actor=personas.lead, first_name="Jo", last_name="Bis", email="JO@example.org"
        )
    assert "email" in error.value.message_dict


def test_end_date_cannot_precede_start_date(personas):
    with pytest.raises(ValidationError):
        services.person_create(
            actor=personas.lead,
            first_name="A",
            last_name="B",
            start_date=dt.date(2026, 5, 1),
            end_date=dt.date(2026, 4, 1),
            status=PersonStatus.LEAVING,
            team=TeamFactory(),
        )


def test_seed_demo_twice_gives_the_same_organisation():
    call_command("seed_demo", password="pw-demo-123456")
    counts = (Person.objects.count(), User.objects.count())
    call_command("seed_demo", password="pw-demo-123456")
    assert (Person.objects.count(), User.objects.count()) == counts
    lead = User.objects.get(email="lead@demo.gouvernail.test")
    assert lead.check_password("pw-demo-123456")
    assert lead.groups.filter(name="governance lead").exists()
    assert Person.objects.filter(user=lead).exists()
