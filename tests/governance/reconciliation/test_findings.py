"""Every kind of drift finding, opened by an observation, refreshed by the next one that still
shows it, and resolved by one that does not; all computed in a bounded number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import PersonStatus
from accounts.models import ObjectChange
from governance import services as governance_services
from governance.reconciliation.choices import FindingKind
from governance.reconciliation.models import DriftFinding
from governance.reconciliation.services import observation_record
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, role
from tests.governance.reconciliation.helpers import ADMIN, CONTENT, INSIGHTS, NOW, of, reading, seen

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    """A Page whose owner and backup both hold admin on paper."""
    channel = ChannelFactory(name="Acme FR")
    for person in (channel.business_owner, channel.backup_owner):
        GrantFactory(channel=channel, person=person, role=role("facebook", "admin"))
    return channel


def _both_owners(channel):
    return [of(channel.business_owner), of(channel.backup_owner)]


def _record(actor, channel, *holders, at=NOW):
    return observation_record(
        actor=actor, channel=channel, reading=reading(*holders, at=at), now=at
    )


def _open(channel) -> set[tuple[str, str]]:
    return set(
        DriftFinding.objects.open().filter(channel=channel).values_list("kind", "subject_key")
    )


def test_a_register_that_matches_the_platform_has_no_finding(personas, channel):
    observation = _record(personas.lead, channel, *_both_owners(channel))
    assert _open(channel) == set()
    assert observation.holders.filter(person__isnull=False).count() == 2
    assert ObjectChange.objects.for_object(observation).get().actor == personas.lead


def test_an_unknown_holder_by_platform_id_or_name(personas, channel):
    _record(
        personas.lead,
        channel,
        *_both_owners(channel),
        seen("Agency Bot", external_id="9001"),
        seen("Mystery Editor", CONTENT),
    )
    assert _open(channel) == {
        (FindingKind.UNKNOWN_HOLDER, "id:9001"),
        (FindingKind.UNKNOWN_HOLDER, "name:mystery editor"),
    }


def test_a_known_person_without_a_grant_is_unknown_to_the_register(personas, channel):
    stranger = PersonFactory()
    _record(personas.lead, channel, *_both_owners(channel), of(stranger, CONTENT))
    finding = DriftFinding.objects.get(kind=FindingKind.UNKNOWN_HOLDER)
    assert finding.person == stranger and finding.subject_key == f"person:{stranger.pk}"


def test_a_leaver_still_present(personas, channel):
    leaver = PersonFactory(status=PersonStatus.LEFT, end_date=NOW.date())
    grant = GrantFactory(channel=channel, person=leaver)
    _record(personas.lead, channel, *_both_owners(channel), of(leaver, CONTENT))
    finding = DriftFinding.objects.get(kind=FindingKind.HOLDER_GONE)
    assert (finding.person, finding.grant) == (leaver, grant)


def test_a_grant_on_paper_only_but_not_a_shared_login(personas, channel):
    paper = GrantFactory(channel=channel)
    GrantFactory(channel=channel, access_method="shared")
    _record(personas.lead, channel, *_both_owners(channel))
    assert _open(channel) == {(FindingKind.PAPER_ONLY, f"grant:{paper.pk}")}


def test_a_platform_role_higher_than_granted(personas, channel):
    analyst = GrantFactory(channel=channel, role=role("facebook", "analyse"))
    _record(personas.lead, channel, *_both_owners(channel), of(analyst.person, ADMIN))
    finding = DriftFinding.objects.get()
    assert (finding.kind, finding.grant) == (FindingKind.ROLE_HIGHER, analyst)
    # A lower role than granted is no drift.
    DriftFinding.objects.all().delete()
    _record(personas.lead, channel, *_both_owners(channel), of(analyst.person, INSIGHTS))
    assert _open(channel) == set()


def test_a_revoked_grant_still_present(personas, channel):
    grant = GrantFactory(channel=channel)
    governance_services.grant_revoke(actor=personas.lead, grant=grant)
    # Pending revocation: the platform may still list them.
    _record(personas.lead, channel, *_both_owners(channel), of(grant.person, CONTENT))
    assert _open(channel) == set()
    governance_services.grant_confirm_revocation(
        actor=personas.lead, grant=grant, evidence="Removed in Meta"
    )
    _record(personas.lead, channel, *_both_owners(channel), of(grant.person, CONTENT))
    finding = DriftFinding.objects.get()
    assert (finding.kind, finding.grant) == (FindingKind.REVOKED_PRESENT, grant)


def test_owner_or_two_factor_holder_not_an_admin_and_a_single_admin(personas, channel):
    holder = PersonFactory()
    channel.two_factor_holder = holder
    channel.save()
    GrantFactory(channel=channel, person=holder, role=role("facebook", "publish"))
    _record(
        personas.lead,
        channel,
        of(channel.business_owner, CONTENT),
        of(channel.backup_owner),
        of(holder, CONTENT),
    )
    owner = channel.business_owner
    assert (FindingKind.OWNER_NOT_ADMIN, f"person:{owner.pk}") in _open(channel)
    assert (FindingKind.OWNER_NOT_ADMIN, f"person:{holder.pk}") in _open(channel)
    assert (FindingKind.SINGLE_ADMIN, "") in _open(channel)


def test_an_invitation_is_no_real_admin_and_goes_stale_after_a_week(personas, channel):
    invited = PersonFactory()
    GrantFactory(channel=channel, person=invited, role=role("facebook", "admin"))
    _record(
        personas.lead,
        channel,
        of(channel.business_owner),
        of(channel.backup_owner, CONTENT),
        of(invited, invited_at=NOW - dt.timedelta(days=8)),
    )
    assert _open(channel) >= {
        (FindingKind.SINGLE_ADMIN, ""),
        (FindingKind.STALE_INVITATION, f"person:{invited.pk}"),
    }
    fresh = NOW + dt.timedelta(days=1)
    _record(personas.lead, channel, *_both_owners(channel), of(invited, invited_at=NOW), at=fresh)
    assert _open(channel) == set()


def test_findings_are_kept_from_first_to_last_seen_then_resolved(personas, channel):
    bot = seen("Agency Bot", external_id="9001")
    _record(personas.lead, channel, *_both_owners(channel), bot)
    later = NOW + dt.timedelta(days=2)
    _record(personas.lead, channel, *_both_owners(channel), bot, at=later)
    finding = DriftFinding.objects.get()
    assert (finding.first_seen_at, finding.last_seen_at) == (NOW, later)
    end = later + dt.timedelta(days=1)
    _record(personas.lead, channel, *_both_owners(channel), at=end)
    finding.refresh_from_db()
    assert finding.resolved_at == end and _open(channel) == set()
    # Seen again: a new finding, the old one stays as history.
    _record(personas.lead, channel, *_both_owners(channel), bot, at=end + dt.timedelta(days=1))
    assert DriftFinding.objects.count() == 2 and len(_open(channel)) == 1


def test_an_older_reading_does_not_reopen_what_a_newer_one_resolved(personas, channel):
    _record(personas.lead, channel, *_both_owners(channel))
    _record(
        personas.lead,
        channel,
        *_both_owners(channel),
        seen("Old Bot"),
        at=NOW - dt.timedelta(days=30),
    )
    assert _open(channel) == set()


def test_a_reading_naming_someone_twice_writes_nothing(personas, channel):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _record(
            personas.lead, channel, seen("Bot", external_id="1"), seen("Bot 2", external_id="1")
        )
    assert not channel.observations.exists()


def _register(size: int):
    channel = ChannelFactory()
    people = PersonFactory.create_batch(size)
    for person in people[: size // 2]:
        GrantFactory(channel=channel, person=person)
    return channel, [of(p) for p in people] + [seen(f"Stranger {n}") for n in range(size)]


def test_the_number_of_queries_does_not_grow_with_the_holders(personas):
    counts = []
    for size in (4, 40):
        channel, holders = _register(size)
        with CaptureQueriesContext(connection) as queries:
            _record(personas.lead, channel, *holders)
        counts.append(len(queries))
    assert counts[0] == counts[1]
