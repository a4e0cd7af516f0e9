"""The scheduled readings: beat claims the channels due, one task reads each. Tasks take ids,
re-fetch, and call services_sync."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from governance.reconciliation import services_sync
from governance.reconciliation.connectors import ConnectorError, platform_connectors
from governance.reconciliation.models_credentials import ChannelSource
from governance.reconciliation.services_credentials import credential_values


@shared_task(name="governance.tasks.channel_sources_sync_due")
def channel_sources_sync_due() -> int:
    return services_sync.channel_sources_claim_due(now=timezone.now(), enqueue=channel_sync.delay)


@shared_task(name="governance.tasks.channel_sync")
def channel_sync(channel_id: int) -> str:
    """Read one claimed channel with its connector and record what was read, or why not."""
    source = (
        ChannelSource.objects.select_related("credential", "channel")
        .filter(channel_id=channel_id, active=True, claimed_until__isnull=False)
        .first()
    )
    if source is None:
        return "not claimed"  # stopped, or already read by another worker
    connector = platform_connectors[source.credential.connector]
    try:
        reading = connector.read(
            asset_id=source.asset_id,
            credentials=credential_values(source.credential),
            now=timezone.now(),
        )
    except ConnectorError as error:
        services_sync.channel_source_read_failed(source=source, error=error, now=timezone.now())
        return str(error.failure)
    services_sync.channel_source_read_record(source=source, reading=reading, now=reading.seen_at)
    return "read"
