"""Writes about reminders: a user's digest preference, failed reminders sent again."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor
from accounts.choices import ChangeAction
from accounts.history import history_bulk_record, save_with_history
from accounts.models import User
from core import outbox
from governance.chat.delivery import CHAT
from governance.chat.services import chat_destination_set
from governance.models import Reminder, ReminderPreference
from governance.reminders.engine import enqueue_digests
from governance.reminders.notify import EMAIL, notification_channels


@transaction.atomic
def reminder_preference_set(
    *, actor: User, frequency: str, language: str = "", send_by: str = EMAIL, chat_url: str = ""
) -> ReminderPreference:
    """How often the user gets the routine digest, in which language, and by which channel;
    `chat_url`, when given, becomes their chat destination (validated, encrypted)."""
    if send_by not in notification_channels:
        raise ValidationError({"send_by": _("Choose e-mail or chat.")})
    if chat_url.strip() or send_by == CHAT:
        # An empty URL keeps the stored one, and is refused when there is none.
        try:
            chat_destination_set(actor=actor, user=actor, url=chat_url)
        except ValidationError as error:  # the URL's error, on the form's URL field
            raise ValidationError(
                {"chat_url": error.message_dict.get("url", error.messages)}
            ) from None
    preference = ReminderPreference.objects.select_for_update().filter(
        user=actor
    ).first() or ReminderPreference(user=actor)
    return save_with_history(
        actor=actor,
        instance=preference,
        fields=("user", "frequency", "language", "send_by"),
        data={"user": actor, "frequency": frequency, "language": language, "send_by": send_by},
    )


@transaction.atomic
def reminders_retry(*, actor: Actor, reminders: QuerySet[Reminder], now: dt.datetime) -> int:
    """Send failed reminders again: they are owed once more, with their attempts counted afresh,
    and their recipients' digests are enqueued when the transaction commits."""
    failed = outbox.failed_owed_again(reminders)
    if not failed:
        return 0
    history_bulk_record(
        actor=actor,
        objects=failed,
        action=ChangeAction.UPDATE,
        changes={"state": ["failed", "owed"]},
        message=gettext_noop("Sent again by hand"),
    )
    enqueue_digests({r.recipient_id for r in failed}, now=now)
    return len(failed)
