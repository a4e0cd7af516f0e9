"""The drift reminder kind: the channel's owner is told of each open finding, and told again,
escalating to the leads, while it stays open past its week."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from governance.models import Reminder
from governance.reconciliation.services import observation_record
from governance.reminders import engine
from tests.factories import ChannelFactory, GrantFactory, role
from tests.governance.reconciliation.helpers import of, reading, seen
from tests.support.clock import on

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
DAY = dt.date(2026, 11, 23)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def test_the_owner_is_reminded_then_the_leads(
    personas, django_capture_on_commit_callbacks, settings
):
    settings.REMINDER_ESCALATE_AFTER_DAYS = 7
    channel = ChannelFactory(name="Acme FR", business_owner=personas.owner.person)
    for person in (channel.business_owner, channel.backup_owner):
        GrantFactory(channel=channel, person=person, role=role("facebook", "admin"))
    with on(DAY):
        observation_record(
            actor=personas.lead,
            channel=channel,
            reading=reading(
                of(channel.business_owner),
                of(channel.backup_owner),
                seen("Agency Bot", external_id="1"),
                at=at(DAY, 9),
            ),
            now=at(DAY, 9),
        )
        with django_capture_on_commit_callbacks(execute=True):
            engine.sweep(now=at(DAY))
    drift = Reminder.objects.filter(kind="drift_finding")
    assert set(drift.values_list("recipient__email", flat=True)) == {personas.owner.email}
    reminder = drift.get()
    assert reminder.title == "Unknown holder on Acme FR: Agency Bot"
    assert reminder.url == f"/channels/{channel.pk}/platform/"
    late = DAY + dt.timedelta(days=16)
    with on(late), django_capture_on_commit_callbacks(execute=True):
        engine.sweep(now=at(late))
    escalated = set(drift.filter(stage="escalation").values_list("recipient__email", flat=True))
    assert personas.lead.email in escalated
