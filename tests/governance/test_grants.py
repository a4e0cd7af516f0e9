"""Grant rules: role of the platform, partner expiry bound, one holding grant, leavers, history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.choices import PersonStatus
from accounts.models import ObjectChange
from channels_registry.models import Channel
from channels_registry.risk import annotate_risks
from governance import services
from governance.models import AccessGrant
from tests.factories import ChannelFactory, GrantFactory, PartnerFactory, PersonFactory, role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _grant(actor, **overrides):
    data = {
        "channel": ChannelFactory(),
        "person": PersonFactory(),
        "role": role("facebook", "publish"),
        "justification": "Posts the weekly news",
    }
    data.update(overrides)
    return services.grant_create(actor=actor, **data)


def test_grant_is_recorded_with_who_and_why(personas):
    grant = _grant(personas.lead)
    assert grant.granted_by == personas.lead and grant.status == "active"
    entry = ObjectChange.objects.for_object(grant).get()
    assert entry.action == "create" and entry.actor == personas.lead


def test_role_must_belong_to_the_channels_platform(personas):
    with pytest.raises(ValidationError) as error:
        _grant(personas.lead, role=role("linkedin", "admin"))
    assert "is not a role of Facebook" in str(error.value)


def test_partner_people_need_an_expiry_within_the_contract(personas):
    partner = PartnerFactory(contract_end=TODAY + dt.timedelta(days=30))
    agency = PersonFactory(kind="agency_staff", team=None, partner=partner)
    with pytest.raises(ValidationError) as error:
        _grant(personas.lead, person=agency)
    assert "give an expiry date" in str(error.value)
    with pytest.raises(ValidationError) as error:
        _grant(personas.lead, person=agency, expires_on=TODAY + dt.timedelta(days=31))
    assert "cannot be after the end of" in str(error.value)
    assert _grant(personas.lead, person=agency, expires_on=TODAY + dt.timedelta(days=30)).pk


def test_one_holding_grant_per_person_and_channel(personas):
    grant = _grant(personas.lead)
    with pytest.raises(ValidationError) as error:
        _grant(
            personas.lead,
            channel=grant.channel,
            person=grant.person,
            role=role("facebook", "admin"),
        )
    assert "already holds access" in str(error.value)
    services.grant_revoke(actor=personas.lead, grant=grant)
    with pytest.raises(ValidationError):  # still held until the revocation is confirmed
        _grant(personas.lead, channel=grant.channel, person=grant.person)
    services.grant_confirm_revocation(
        actor=personas.lead, grant=grant, evidence="Removed in Meta Business"
    )
    assert _grant(personas.lead, channel=grant.channel, person=grant.person).pk


def test_leavers_cannot_be_granted_access(personas):
    leaver = PersonFactory(status=PersonStatus.LEAVING, end_date=TODAY + dt.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        _grant(personas.lead, person=leaver)
    assert "no new access can be granted" in str(error.value)


def test_revocation_is_pending_until_confirmed_with_evidence(personas):
    grant = _grant(personas.lead)
    grant = services.grant_revoke(actor=personas.owner, grant=grant)
    assert grant.status == "revocation_pending" and grant.revoked_by == personas.owner
    with pytest.raises(ValidationError):
        services.grant_confirm_revocation(actor=personas.owner, grant=grant, evidence="  ")
    grant = services.grant_confirm_revocation(
        actor=personas.owner, grant=grant, evidence="Screenshot in ticket 12"
    )
    assert grant.status == "revoked" and grant.revocation_confirmed_at is not None
    assert grant.revocation_reason == "manual"
    assert ObjectChange.objects.for_object(grant).count() == 3


def test_role_change_keeps_the_old_grant_as_history(personas):
    grant = _grant(personas.lead)
    new = services.grant_change_role(
        actor=personas.lead,
        grant=grant,
        role=role("facebook", "admin"),
        justification="Now manages ads",
    )
    grant.refresh_from_db()
    assert grant.status == "revoked" and grant.revocation_reason == "role_change"
    assert new.replaces == grant and new.status == "active"
    assert AccessGrant.objects.filter(channel=grant.channel, person=grant.person).count() == 2


def test_single_admin_and_expired_access_flags():
    lonely = ChannelFactory()
    GrantFactory(channel=lonely, role=role("facebook", "admin"))
    covered = ChannelFactory()
    GrantFactory.create_batch(2, channel=covered, role=role("facebook", "admin"))
    expired = ChannelFactory()
    GrantFactory.create_batch(2, channel=expired, role=role("facebook", "admin"))
    GrantFactory(channel=expired, expires_on=TODAY - dt.timedelta(days=1))
    flags = {c.pk: c for c in annotate_risks(Channel.objects.all())}
    assert flags[lonely.pk].risk_single_admin and not flags[covered.pk].risk_single_admin
    assert flags[expired.pk].risk_expired_access and not flags[covered.pk].risk_expired_access


def test_holders_see_the_channels_they_hold_access_to(personas):
    grant = GrantFactory(person=personas.member.person)
    assert list(Channel.objects.visible_to(personas.member)) == [grant.channel]
    services.grant_revoke(actor=personas.lead, grant=grant)
    services.grant_confirm_revocation(actor=personas.lead, grant=grant, evidence="Removed")
    assert not Channel.objects.visible_to(personas.member).exists()
