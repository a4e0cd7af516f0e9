"""Sync now: a lead has a channel with an API source read at once. The source is claimed as the
sweep claims it (a second click or the sweep does not read it twice); the Platform tab shows
its state; a real worker reads the channel a click asked for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import ObjectChange
from config.celery import app
from governance.reconciliation import services_credentials, services_sync
from governance.reconciliation.connectors import ConnectorFailure
from governance.reconciliation.models import Observation
from governance.reconciliation.models_credentials import ChannelSource
from governance.reconciliation.tasks import channel_sync
from tests.factories import ChannelFactory
from tests.governance.reconciliation.conftest import TOKEN
from tests.support.waiting import wait_until
from tests.support.workers import Workers, celery_broker

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PAGE, BUSINESS = "104958162837", "201548330912"


def _source(owner=None) -> ChannelSource:
    credential = services_credentials.connector_credential_create(
        actor=None,
        connector="meta",
        label="Acme portfolio",
        secrets={"access_token": TOKEN, "business_id": BUSINESS},
        now=NOW,
    )
    channel = ChannelFactory(name="Acme Synced", **({"business_owner": owner} if owner else {}))
    return services_credentials.channel_source_create(
        actor=None, channel=channel, credential=credential, asset_id=PAGE, now=NOW
    )


def _tab(source) -> str:
    return reverse("channels_registry:tab", args=[source.channel_id, "platform"])


def _sync_url(source) -> str:
    return reverse("governance:channel_sync_now", args=[source.channel_id])


@pytest.mark.django_db
def test_sync_now_claims_the_source_once_and_the_sweep_leaves_it(
    personas, django_capture_on_commit_callbacks
):
    source = _source()
    ChannelSource.objects.filter(pk=source.pk).update(next_sync_at=NOW - timedelta(minutes=1))
    enqueued: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        services_sync.channel_source_sync_now(
            actor=personas.lead, source=source, now=NOW, enqueue=enqueued.append
        )
    assert enqueued == [source.channel_id]
    source.refresh_from_db()
    assert source.claimed_until == NOW + services_sync.LEASE
    assert ObjectChange.objects.filter(message="Reading asked now").count() == 1
    # A second click, and the sweep, find it claimed.
    with pytest.raises(ValidationError, match="being read already"):
        services_sync.channel_source_sync_now(
            actor=personas.lead, source=source, now=NOW, enqueue=enqueued.append
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert services_sync.channel_sources_claim_due(now=NOW, enqueue=enqueued.append) == 0
    assert enqueued == [source.channel_id]


@pytest.mark.django_db
def test_only_leads_sync_and_a_stopped_source_is_not_read(personas):
    source = _source(owner=personas.owner.person)
    with pytest.raises(PermissionDenied):
        services_sync.channel_source_sync_now(
            actor=personas.owner, source=source, now=NOW, enqueue=print
        )
    ChannelSource.objects.filter(pk=source.pk).update(active=False)
    with pytest.raises(ValidationError, match="not read through"):
        services_sync.channel_source_sync_now(
            actor=personas.lead, source=source, now=NOW, enqueue=print
        )


@pytest.mark.django_db
def test_the_button_reads_the_channel_and_the_tab_shows_the_state(
    client, personas, cassette, django_capture_on_commit_callbacks
):
    source = _source(owner=personas.owner.person)
    client.force_login(personas.owner)
    assert "Sync now" not in client.get(_tab(source)).content.decode()  # leads only
    client.force_login(personas.lead)
    page = client.get(_tab(source)).content.decode()
    assert "Sync now" in page and "Meta" in page and "never" in page
    with cassette("meta_read"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(_sync_url(source), follow=True)
    page = response.content.decode()
    assert "The platform will be read in a moment." in page
    assert Observation.objects.filter(channel_id=source.channel_id, source="meta").exists()
    source.refresh_from_db()
    assert source.last_read_at is not None and source.claimed_until is None


@pytest.mark.django_db
def test_the_tab_says_reading_and_the_last_failure_in_words(client, personas):
    source = _source()
    client.force_login(personas.lead)
    ChannelSource.objects.filter(pk=source.pk).update(
        last_failure=ConnectorFailure.RATE_LIMITED, failures_in_a_row=3
    )
    page = client.get(_tab(source)).content.decode()
    assert "The platform asked to slow down" in page and "3 times in a row" in page
    with time_machine.travel(NOW, tick=False):
        services_sync.channel_source_sync_now(
            actor=personas.lead, source=source, now=NOW, enqueue=print
        )
        page = client.get(_tab(source)).content.decode()
    assert "reading…" in page and "Sync now" not in page
    again = client.post(_sync_url(source), follow=True).content.decode()
    assert "being read already" in again or "reading…" in again


IN_PROCESS = "syncnow@test"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_reads_what_sync_now_asked(redis_server, cassette, client, personas):
    source = _source()
    client.force_login(personas.lead)
    with celery_broker(app, redis_server.url()), cassette("meta_read"):
        worker = Workers.in_this_process(app, IN_PROCESS)
        assert client.post(_sync_url(source)).status_code == 302
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10, hostname=IN_PROCESS
        ):
            wait_until(lambda: worker.finished(channel_sync.name, 1), what="the reading")
    observation = Observation.objects.get(channel_id=source.channel_id)
    assert observation.source == "meta" and observation.holders.exists()
    source.refresh_from_db()
    assert source.last_read_at is not None and source.claimed_until is None
