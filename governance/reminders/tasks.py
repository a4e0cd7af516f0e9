"""The digest task: one recipient's digest, retried through mail and database outages."""

from __future__ import annotations

import datetime as dt
import logging
import random

from celery import shared_task
from django.db import connection
from django.utils import timezone

from governance.reminders.delivery import DATABASE_AWAY, TemporaryDeliveryError, send_digest

logger = logging.getLogger(__name__)
# Longer waits are left to the hourly sweep, which reads each row's next attempt: a task held
# for hours by a worker would be delivered again by the broker meanwhile.
LONGEST_RETRY_IN_CELERY = 900


def _backoff(retries: int) -> float:
    """30 s, 1, 2, 4, 8 minutes… capped at 10, with jitter so retries do not arrive together."""
    return min(600, 30 * 2**retries) * random.uniform(1.0, 1.2)


@shared_task(bind=True, name="governance.tasks.send_reminder_digest", max_retries=6)
def send_reminder_digest(self, recipient_id: int, as_of: str | None = None) -> int:
    """Send one recipient's digest of the rows due at `as_of` (the sweep's time).

    A mail server that refuses for now, or a database that is away, is tried again with capped
    back-off; past the retries the rows stay in the outbox for the next sweep.
    """
    now = timezone.now()
    try:
        return send_digest(
            recipient_id=recipient_id,
            now=now,
            as_of=dt.datetime.fromisoformat(as_of) if as_of else now,
        )
    except TemporaryDeliveryError as error:
        if error.retry_in > LONGEST_RETRY_IN_CELERY:
            logger.warning(
                "Digest to user %s not sent, next sweep retries: %s", recipient_id, error
            )
            return 0
        raise self.retry(exc=error, countdown=error.retry_in * random.uniform(1.0, 1.2)) from error
    except DATABASE_AWAY as error:
        connection.close()  # the retry opens a new connection
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
