"""Background work of the governance app. Tasks take ids, re-fetch, and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from governance import services
from governance.chat.tasks import send_team_notices
from governance.reconciliation.tasks import channel_sources_sync_due, channel_sync
from governance.reminders.engine import sweep
from governance.reminders.tasks import send_reminder_digest

__all__ = [
    "channel_sources_sync_due",
    "channel_sync",
    "send_reminder_digest",
    "send_team_notices",
]  # registered here, where Celery's autodiscovery looks


@shared_task(name="governance.tasks.offboarding_deactivate_due")
def offboarding_deactivate_due() -> int:
    return services.offboarding_deactivate_due(now=timezone.now(), actor=None)


@shared_task(name="governance.tasks.reminders_sweep")
def reminders_sweep() -> dict:
    return sweep(now=timezone.now())


@shared_task(name="governance.tasks.reviews_close_due")
def reviews_close_due() -> int:
    return services.reviews_close_due(now=timezone.now())


@shared_task(name="governance.tasks.reviews_open_recurring")
def reviews_open_recurring() -> int:
    return services.reviews_open_recurring(now=timezone.now())
