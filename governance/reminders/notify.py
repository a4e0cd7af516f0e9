"""The notification channels slot: how a digest reaches its recipient (e-mail, chat…).

A digest is claimed, rendered and recorded by governance.reminders.delivery whatever the channel;
a channel only finds the recipient's address (database reads, before anything is sent) and sends
(no database query, so that an error is the channel's). The recipient's reminder preference
names the channel; when that channel has no address for them, the digest goes by e-mail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.registry import Registry


@dataclass(frozen=True)
class Digest:
    """What a channel sends: the claimed rows, in the recipient's language, to their address."""

    recipient: Any  # the User
    rows: list  # governance.models.Reminder
    language: str
    address: Any  # what the channel's address_of answered
    message_id: str  # the same rows make the same id (e-mail's Message-ID)
    total: int = 0  # what the recipient has to do as it is sent: the header's count


def _never(error: Exception) -> bool:
    return False


@dataclass(frozen=True)
class NotificationChannel:
    key: str
    label: Any  # lazy text, shown in the preference form
    # The recipient's address on this channel (reads the database), or None when it has none.
    address_of: Callable[[Any], Any]
    send: Callable[[Digest], None]  # raises when the message was not accepted
    permanent: Callable[[Exception], bool] = _never  # an error that no retry will cure


notification_channels: Registry[NotificationChannel] = Registry("notification channels")
EMAIL = "email"
