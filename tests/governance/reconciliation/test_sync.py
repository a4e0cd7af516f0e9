"""The scheduled reading (services_sync, tasks): beat claims the channels due, at most N per
connector at once; a reading is handed to the reconciliation and the channel is due a day
later; a rate limit sets the due date the platform asked for; a real worker reads a channel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker

from config.celery import app
from governance.reconciliation import services_credentials, services_sync
from governance.reconciliation.connectors import ConnectorFailure
from governance.reconciliation.models_credentials import ChannelSource
from governance.reconciliation.tasks import channel_sources_sync_due, channel_sync
from tests.factories import ChannelFactory
from tests.governance.reconciliation.conftest import TOKEN
from tests.support.waiting import wait_until
from tests.support.workers import Workers, celery_broker

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PAGE, BUSINESS = "104958162837", "201548330912"


def _meta_source(asset_id: str = PAGE) -> ChannelSource:
    credential = services_credentials.connector_credential_create(
        actor=None,
        connector="meta",
        label=f"Portfolio for {asset_id}",
        secrets={"access_token": TOKEN, "business_id": BUSINESS},
        now=NOW,
    )
    return services_credentials.channel_source_create(
        actor=None, channel=ChannelFactory(), credential=credential, asset_id=asset_id, now=NOW
    )


@pytest.mark.django_db
def test_the_sweep_claims_at_most_n_due_channels_per_connector(
    settings, django_capture_on_commit_callbacks
):
    settings.CONNECTOR_SYNC_CONCURRENCY = 2
    sources = [_meta_source(str(n)) for n in range(3)]
    ChannelSource.objects.filter(pk=sources[2].pk).update(next_sync_at=NOW + timedelta(minutes=5))
    enqueued: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        assert services_sync.channel_sources_claim_due(now=NOW, enqueue=enqueued.append) == 2
    assert sorted(enqueued) == sorted(s.channel_id for s in sources[:2])
    # Both claimed are being read: the third, once due, waits for a free place.
    later = NOW + timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert services_sync.channel_sources_claim_due(now=later, enqueue=enqueued.append) == 0
    # A worker that died frees its place when its lease ends.
    after_lease = NOW + services_sync.LEASE + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services_sync.channel_sources_claim_due(now=after_lease, enqueue=enqueued.append) == 2
        )


@pytest.mark.django_db
def test_a_reading_is_recorded_and_the_channel_is_due_a_day_later(cassette, settings):
    settings.CONNECTOR_SYNC_HOURS = 24
    source = _meta_source()
    ChannelSource.objects.filter(pk=source.pk).update(claimed_until=NOW + timedelta(minutes=15))
    with time_machine.travel(NOW, tick=False), cassette("meta_read"):
        assert channel_sync(source.channel_id) == "read"
    source.refresh_from_db()
    assert (source.last_read_at, source.next_sync_at) == (NOW, NOW + timedelta(hours=24))
    assert source.claimed_until is None and not source.last_failure
    assert channel_sync(source.channel_id) == "not claimed"  # read once per claim


@pytest.mark.django_db
def test_a_rate_limit_sets_the_due_date_the_platform_asked_for(cassette, caplog):
    source = _meta_source()
    ChannelSource.objects.filter(pk=source.pk).update(claimed_until=NOW + timedelta(minutes=15))
    with time_machine.travel(NOW, tick=False), cassette("meta_rate_limited"):
        assert channel_sync(source.channel_id) == ConnectorFailure.RATE_LIMITED
    source.refresh_from_db()
    assert source.next_sync_at == NOW + timedelta(minutes=15)  # Graph's estimate
    assert source.last_failure == ConnectorFailure.RATE_LIMITED
    assert (source.failures_in_a_row, source.claimed_until, source.last_read_at) == (1, None, None)
    assert TOKEN not in caplog.text


@pytest.mark.django_db
def test_refused_credentials_wait_for_an_admin_and_new_ones_make_the_channel_due(cassette):
    source = _meta_source()
    ChannelSource.objects.filter(pk=source.pk).update(claimed_until=NOW + timedelta(minutes=15))
    with time_machine.travel(NOW, tick=False), cassette("meta_expired"):
        assert channel_sync(source.channel_id) == ConnectorFailure.EXPIRED_TOKEN
    source.refresh_from_db()
    assert source.next_sync_at == NOW + timedelta(hours=24)
    mended = NOW + timedelta(hours=1)
    services_credentials.connector_credential_update(
        actor=None, credential=source.credential, now=mended, secrets={"access_token": "EAAnew"}
    )
    source.refresh_from_db()
    assert source.next_sync_at == mended and source.failures_in_a_row == 0


IN_PROCESS = "connectors@test"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_reads_the_channels_beat_claims(redis_server, cassette):
    source = _meta_source()
    ChannelSource.objects.filter(pk=source.pk).update(next_sync_at=NOW - timedelta(minutes=1))
    with celery_broker(app, redis_server.url()), cassette("meta_read"):
        assert channel_sources_sync_due() == 1
        worker = Workers.in_this_process(app, IN_PROCESS)
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10, hostname=IN_PROCESS
        ):
            wait_until(lambda: worker.finished(channel_sync.name, 1), what="the reading")
    source.refresh_from_db()
    assert source.last_read_at is not None and source.claimed_until is None
    assert not source.last_failure


@pytest.mark.django_db
def test_readings_of_several_channels_are_reconciled_in_one_batch():
    from governance.reconciliation.models import Observation
    from tests.governance.reconciliation.helpers import reading, seen

    good, other, bad = (_meta_source(str(n)) for n in range(3))
    ChannelSource.objects.update(claimed_until=NOW + timedelta(minutes=15))
    twice = reading(seen("Bot", external_id="1"), seen("Bot 2", external_id="1"), at=NOW)
    services_sync.channel_sources_read_record(
        readings=[
            (good, reading(seen("Ann Admin"), at=NOW)),
            (other, reading(seen("Bob Admin"), at=NOW)),
            (bad, twice),
        ],
        now=NOW,
    )
    for source in (good, other, bad):
        source.refresh_from_db()
        assert source.claimed_until is None
    assert (good.last_read_at, other.last_read_at) == (NOW, NOW) and not good.last_failure
    # A reading the reconciliation refuses is its channel's failure, not the batch's.
    assert bad.last_read_at is None and bad.last_failure == ConnectorFailure.MALFORMED
    assert "listed twice" in bad.last_failure_detail
    signed = Observation.objects.filter(channel=good.channel).get()
    assert signed.holders.get().name == "Ann Admin" and signed.recorded_by_label
    assert Observation.objects.get(channel=bad.channel).failure == ConnectorFailure.MALFORMED
