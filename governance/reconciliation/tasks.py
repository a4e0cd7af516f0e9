"""The scheduled readings: beat claims the channels due, one task reads each. Tasks take ids,
re-fetch, and call services_sync."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from governance.reconciliation import services_sync
from governance.reconciliation.connectors import ConnectorError, platform_connectors
from governance.reconciliation.models_credentials import ChannelSource
from governance.reconciliation.services_credentials import credential_values


@shared_task(name="governance.tasks.channel_sources_sync_due")
def channel_sources_sync_due() -> int:
    """Claim the channels due and hand them to workers, CONNECTOR_SYNC_BATCH at most per task
    (their readings are then reconciled together, in one batch)."""
    due: list[int] = []
    claimed = services_sync.channel_sources_claim_due(now=timezone.now(), enqueue=due.append)
    size = max(1, settings.CONNECTOR_SYNC_BATCH)
    for first in range(0, len(due), size):
        chunk = due[first : first + size]
        if len(chunk) == 1:
            channel_sync.delay(chunk[0])
        else:
            channels_sync.delay(chunk)
    return claimed


@shared_task(name="governance.tasks.channel_sync")
def channel_sync(channel_id: int) -> str:
    """Read one claimed channel with its connector and record what was read, or why not."""
    return channels_sync([channel_id])[str(channel_id)]


@shared_task(name="governance.tasks.channels_sync")
def channels_sync(channel_ids: list[int]) -> dict[str, str]:
    """Read claimed channels one after the other with their connectors (no transaction is open
    while a platform answers), record each failure as it comes, then reconcile every complete
    reading in one batch. Answers, by channel id: "read", the failure, or "not claimed"."""
    sources = {
        source.channel_id: source
        for source in ChannelSource.objects.select_related("credential", "channel").filter(
            channel_id__in=channel_ids, active=True, claimed_until__isnull=False
        )
    }
    outcome = {str(channel_id): "not claimed" for channel_id in channel_ids}
    readings = []
    for channel_id, source in sources.items():
        connector = platform_connectors[source.credential.connector]
        try:
            reading = connector.read(
                asset_id=source.asset_id,
                credentials=credential_values(source.credential),
                now=timezone.now(),
            )
        except ConnectorError as error:
            services_sync.channel_source_read_failed(source=source, error=error, now=timezone.now())
            outcome[str(channel_id)] = str(error.failure)
            continue
        readings.append((source, reading))
        outcome[str(channel_id)] = "read"
    if readings:
        # A single reading keeps its own time; a batch is recorded when the last one is read.
        now = readings[0][1].seen_at if len(readings) == 1 else timezone.now()
        services_sync.channel_sources_read_record(readings=readings, now=now)
    return outcome
