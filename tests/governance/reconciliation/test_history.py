"""Observations are kept: who was admin of a Page on a given day is answered from them, and a
failed reading says why without touching the findings."""

import datetime as dt

import pytest

from accounts.models import ObjectChange
from governance.reconciliation.connectors import ConnectorFailure
from governance.reconciliation.models import DriftFinding
from governance.reconciliation.selectors import admins_on, platform_tab
from governance.reconciliation.services import observation_failed, observation_record
from tests.factories import ChannelFactory
from tests.governance.reconciliation.helpers import CONTENT, NOW, reading, seen

pytestmark = pytest.mark.django_db

MARCH_1 = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
MARCH_20 = dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC)


def test_who_was_admin_of_this_page_on_12_march(personas):
    channel = ChannelFactory()
    first = reading(seen("Ann Admin"), seen("Bob Admin"), seen("Cy Editor", CONTENT), at=MARCH_1)
    later = reading(seen("Ann Admin"), seen("Dee Admin"), at=MARCH_20)
    for r in (first, later):
        observation_record(actor=personas.lead, channel=channel, reading=r, now=r.seen_at)
    names = lambda day: [h.name for h in admins_on(channel, day)]  # noqa: E731
    assert names(dt.date(2026, 2, 28)) == []
    assert names(dt.date(2026, 3, 12)) == ["Ann Admin", "Bob Admin"]
    assert names(dt.date(2026, 3, 20)) == ["Ann Admin", "Dee Admin"]


def test_a_failed_reading_is_recorded_and_leaves_the_findings_alone(personas):
    channel = ChannelFactory()
    observation_record(
        actor=personas.lead, channel=channel, reading=reading(seen("Stranger")), now=NOW
    )
    before = set(DriftFinding.objects.open().values_list("pk", flat=True))
    failed = observation_failed(
        actor=None,
        channel=channel,
        source="meta",
        failure=ConnectorFailure.EXPIRED_TOKEN,
        detail="Error validating access token",
        now=NOW + dt.timedelta(days=1),
    )
    assert set(DriftFinding.objects.open().values_list("pk", flat=True)) == before
    assert ObjectChange.objects.for_object(failed).get().actor_label == "system"
    tab = platform_tab(channel)
    assert tab["last_observation"] == failed
    assert tab["observation"].seen_at == NOW and [h.name for h in tab["holders"]] == ["Stranger"]
