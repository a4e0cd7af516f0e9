"""STAND-IN, TO DROP ON MERGE: the reconciliation core (another branch) provides
`governance.reconciliation.services.observation_record` and `observation_failed`. Until it is
merged, the sync (services_sync.py) calls these two, which record nothing and say so in the
log. Drop this file and the `except ImportError` in services_sync.py when the core lands."""

from __future__ import annotations

import logging
from datetime import datetime

from accounts.actor import Actor
from governance.reconciliation.connectors import ConnectorFailure, Reading

logger = logging.getLogger(__name__)


def observation_record(*, actor: Actor, channel, reading: Reading, now: datetime) -> None:
    logger.info("stand-in: channel %s read, %d holders", channel.pk, len(reading.holders))


def observation_failed(
    *, actor: Actor, channel, source: str, failure: ConnectorFailure, detail: str, now: datetime
) -> None:
    logger.info("stand-in: channel %s not read (%s): %s", channel.pk, failure, detail)
