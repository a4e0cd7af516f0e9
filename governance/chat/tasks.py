"""Sending a team's notices in the background, retried as digests are (see reminders.tasks)."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable

from celery import shared_task
from django.db import connection, transaction
from django.utils import timezone

from governance.chat.team import team_notices_send
from governance.reminders.delivery import DATABASE_AWAY, TemporaryDeliveryError
from governance.reminders.tasks import LONGEST_RETRY_IN_CELERY, _backoff

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="governance.tasks.send_team_notices", max_retries=6)
def send_team_notices(self, team_id: int) -> int:
    """Send the team's owed notices; a chat service that refuses for now, or a database that is
    away, is tried again with capped back-off; longer waits are the sweep's."""
    try:
        return team_notices_send(team_id=team_id, now=timezone.now())
    except TemporaryDeliveryError as error:
        if error.retry_in > LONGEST_RETRY_IN_CELERY:
            logger.warning("Notices to team %s not sent, next sweep retries: %s", team_id, error)
            return 0
        raise self.retry(exc=error, countdown=error.retry_in * random.uniform(1.0, 1.2)) from error
    except DATABASE_AWAY as error:
        connection.close()
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error


def enqueue_team_notices(team_ids: Iterable[int]) -> None:
    """Enqueue each team's sending once the transaction commits (nothing if it rolls back)."""
    teams = sorted(set(team_ids))

    def enqueue() -> None:
        for team_id in teams:
            send_team_notices.delay(team_id)

    if teams:
        transaction.on_commit(enqueue)
