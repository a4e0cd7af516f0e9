"""Access requests: decided by the owner or a lead, never by oneself; approval creates the grant."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import ObjectChange
from governance import services
from governance.models import AccessGrant
from tests.factories import ChannelFactory, role

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(personas):
    channel = ChannelFactory(business_owner=personas.owner.person)
    return services.request_create(
        actor=personas.member,
        channel=channel,
        person=personas.member.person,
        role=role("facebook", "publish"),
        reason="I run the campaign",
    )


def test_owner_approves_and_the_grant_exists(personas, pending):
    decided = services.request_approve(actor=personas.owner, request=pending, comment="Welcome")
    assert decided.status == "approved" and decided.grant.person == personas.member.person
    assert AccessGrant.objects.get(pk=decided.grant.pk).status == "active"
    assert ObjectChange.objects.for_object(decided).count() == 2


def test_nobody_decides_their_own_request(personas, pending):
    with pytest.raises(PermissionDenied):
        services.request_approve(actor=personas.member, request=pending)


def test_nobody_approves_a_request_for_themselves(personas):
    channel = ChannelFactory()
    request = services.request_create(
        actor=personas.member,
        channel=channel,
        person=personas.lead.person,
        role=role("facebook", "publish"),
        reason="For Lucie",
    )
    with pytest.raises(PermissionDenied):
        services.request_approve(actor=personas.lead, request=request)
    services.request_approve(actor=personas.admin, request=request)


def test_other_team_members_cannot_decide(personas, pending):
    with pytest.raises(PermissionDenied):
        services.request_refuse(actor=personas.partner, request=pending, comment="no")


def test_refusal_needs_a_reason_and_is_final(personas, pending):
    with pytest.raises(ValidationError):
        services.request_refuse(actor=personas.owner, request=pending, comment=" ")
    services.request_refuse(
        actor=personas.owner, request=pending, comment="Use the shared inbox instead"
    )
    with pytest.raises(ValidationError):
        services.request_approve(actor=personas.lead, request=pending)
    assert not AccessGrant.objects.exists()


def test_one_pending_request_per_person_and_channel(personas, pending):
    with pytest.raises(ValidationError):
        services.request_create(
            actor=personas.member,
            channel=pending.channel,
            person=pending.person,
            role=pending.role,
            reason="again",
        )


def test_inbox_and_decision_through_the_pages(client, personas, pending):
    from django.urls import reverse

    client.force_login(personas.owner)
    page = client.get(reverse("governance:requests"))
    assert pending in page.context["waiting"]
    client.post(
        reverse("governance:request_decide", args=[pending.pk]),
        {"decision": "approve", "comment": "ok"},
    )
    pending.refresh_from_db()
    assert pending.status == "approved"
