"""Many channels' readings reconciled in one batch: the same findings as one channel at a time,
all or nothing, and a number of queries that grows neither with the channels nor the holders."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import PersonStatus
from accounts.models import ObjectChange
from governance.reconciliation.choices import FindingKind
from governance.reconciliation.models import DriftFinding, Observation
from governance.reconciliation.services import observation_record, observations_record
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, role
from tests.governance.reconciliation.helpers import ADMIN, CONTENT, NOW, of, reading, seen
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db
LATER = NOW + dt.timedelta(days=1)


def _channel(extra: int):
    """A Page whose owners hold admin, with `extra` editors on paper and a leaver still there."""
    channel = ChannelFactory()
    for person in (channel.business_owner, channel.backup_owner):
        GrantFactory(channel=channel, person=person, role=role("facebook", "admin"))
    editors = [
        GrantFactory(channel=channel, role=role("facebook", "publish")) for _ in range(extra)
    ]
    leaver = PersonFactory(status=PersonStatus.LEFT, end_date=NOW.date())
    GrantFactory(channel=channel, person=leaver, role=role("facebook", "publish"))
    return channel, editors, leaver


def _holders(channel, editors, leaver, bot: str):
    """The owners, the editors (the first one as admin, the last one missing), the leaver and
    an account nobody recorded."""
    return (
        of(channel.business_owner),
        of(channel.backup_owner),
        of(editors[0].person, ADMIN),
        *(of(g.person, CONTENT) for g in editors[1:-1]),
        of(leaver, CONTENT),
        seen(bot, external_id=f"{channel.pk}-{bot}"),
    )


def _batch(count: int, extra: int):
    return [_channel(extra) for _ in range(count)]


def _readings(batch, bot: str, at: dt.datetime):
    return [(c, reading(*_holders(c, e, leaver, bot), at=at)) for c, e, leaver in batch]


def _open(channel) -> set[tuple[str, str]]:
    return set(
        DriftFinding.objects.open().filter(channel=channel).values_list("kind", "subject_key")
    )


def test_a_batch_finds_what_one_channel_at_a_time_finds(personas):
    alone, together = _batch(2, 3), _batch(2, 3)
    for channel, r in _readings(alone, "Bot", NOW):
        observation_record(actor=personas.lead, channel=channel, reading=r, now=NOW)
    observations_record(actor=personas.lead, readings=_readings(together, "Bot", NOW), now=NOW)

    def kinds(batch):
        return [sorted(kind for kind, _subject in _open(c)) for c, _e, _l in batch]

    assert kinds(alone) == kinds(together)
    assert kinds(together)[0] == sorted(
        [
            FindingKind.HOLDER_GONE,
            FindingKind.PAPER_ONLY,
            FindingKind.ROLE_HIGHER,
            FindingKind.UNKNOWN_HOLDER,
        ]
    )
    # Each observation has its history row, by the actor.
    for observation in Observation.objects.filter(channel__in=[c for c, _e, _l in together]):
        assert ObjectChange.objects.for_object(observation).get().actor == personas.lead


def test_a_batch_refreshes_and_resolves_per_channel(personas):
    batch = _batch(2, 3)
    observations_record(actor=personas.lead, readings=_readings(batch, "Bot", NOW), now=NOW)
    observations_record(actor=personas.lead, readings=_readings(batch, "New", LATER), now=LATER)
    for channel, _editors, leaver in batch:
        gone = DriftFinding.objects.get(channel=channel, kind=FindingKind.HOLDER_GONE)
        assert (gone.person, gone.first_seen_at, gone.last_seen_at) == (leaver, NOW, LATER)
        unknown = DriftFinding.objects.filter(channel=channel, kind=FindingKind.UNKNOWN_HOLDER)
        assert {(f.subject_key.split("-")[-1], f.resolved_at) for f in unknown} == {
            ("Bot", LATER),
            ("New", None),
        }


def test_one_bad_reading_writes_nothing_of_the_batch(personas):
    batch = _batch(2, 2)
    readings = _readings(batch, "Bot", NOW)
    bad = reading(seen("Bot", external_id="1"), seen("Bot 2", external_id="1"))
    with pytest.raises(ValidationError):
        observations_record(actor=personas.lead, readings=[*readings, (batch[0][0], bad)], now=NOW)
    assert not Observation.objects.exists() and not DriftFinding.objects.exists()


@pytest.mark.parametrize("phase", ["first", "next"])
def test_the_queries_of_a_batch_grow_neither_with_channels_nor_holders(personas, phase):
    # A first reading opens findings; the next one refreshes some, resolves some, opens some.
    for count, extra in ((2, 3), (6, 12)):
        batch = _batch(count, extra)
        if phase == "next":
            observations_record(actor=None, readings=_readings(batch, "Bot", NOW), now=NOW)
        readings = _readings(batch, "New", LATER)
        with pinned_queries(f"reconciliation/batch-{phase}-reading"):
            observations_record(actor=None, readings=readings, now=LATER)
