"""drift.found: once per finding a reading opens, never again while it stays open."""

import datetime as dt

import pytest

from governance.reconciliation.services import observation_record
from tests.factories import ChannelFactory
from tests.governance.reconciliation.helpers import NOW, reading, seen
from tests.webhooks.conftest import make_endpoint
from webhooks.events import webhook_event_types
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


def test_drift_found_once_per_finding(personas):
    make_endpoint(personas.admin, "http://127.0.0.1:9/hooks", event_types=["drift.found"])
    channel = ChannelFactory()
    bot = seen("Agency Bot", external_id="9")
    for day in (0, 1):
        at = NOW + dt.timedelta(days=day)
        observation_record(actor=personas.lead, channel=channel, reading=reading(bot), now=at)
    data = [row.payload["data"] for row in WebhookDelivery.objects.order_by("pk")]
    # Agency Bot unknown, fewer than two admins, the owner and the 2FA holder (one person).
    assert sorted(d["kind"] for d in data) == ["owner_not_admin", "single_admin", "unknown_holder"]
    unknown = next(d for d in data if d["kind"] == "unknown_holder")
    assert unknown["holder"] == {"name": "Agency Bot", "role": "Full control (admin)"}
    assert set(unknown) == set(webhook_event_types["drift.found"].data)
