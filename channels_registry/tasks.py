"""Background work of the registry: the daily risk snapshot behind the dashboard's trend."""

from __future__ import annotations

from celery import shared_task

from channels_registry import services


@shared_task(name="channels_registry.tasks.risk_snapshot_take")
def risk_snapshot_take() -> int:
    return services.risk_snapshot_take()
