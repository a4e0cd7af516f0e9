"""Writes of chat destinations: a person's own (from their reminder preferences) or a team's
(a lead's, on the team's page, or an admin's). The URL is validated, encrypted, and kept out of
the history (its hint is in); removing a destination blanks the URL and keeps the row."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor
from accounts.choices import ChangeAction
from accounts.encryption import encrypt
from accounts.history import history_bulk_record, history_record, save_with_history
from accounts.models import Team, User
from core import outbox
from governance.chat.models import ChatDestination, TeamNotice
from governance.chat.targets import RefusedAddress, validate
from governance.chat.tasks import enqueue_team_notices
from governance.models import ReminderPreference
from governance.reminders.notify import EMAIL

HISTORY_FIELDS = ("user", "team", "service", "hint", "language", "active", "allow_private_network")


@transaction.atomic
def chat_destination_set(
    *,
    actor: Actor,
    user: User | None = None,
    team: Team | None = None,
    url: str = "",
    language: str = "",
    active: bool = True,
    allow_private_network: bool | None = None,
) -> ChatDestination:
    """Create or change the user's or the team's destination. An empty `url` keeps the stored
    one; `allow_private_network` None keeps the stored flag (people never set it: admins do)."""
    if (user is None) == (team is None):
        raise ValidationError(_("Choose either a user or a team, not both."))
    found = ChatDestination.objects.select_for_update().filter(user=user, team=team).first()
    destination = found or ChatDestination(user=user, team=team)
    allow = (
        destination.allow_private_network
        if allow_private_network is None
        else allow_private_network
    )
    data = {
        "user": user,
        "team": team,
        "language": language,
        "active": active,
        "allow_private_network": allow,
    }
    url = url.strip()
    if url:
        try:
            target = validate(url, allow_private=allow)
        except RefusedAddress as refusal:
            raise ValidationError({"url": str(refusal)}) from None
        destination.url = encrypt(url)
        data.update(service=target.service, hint=target.hint)
    elif not destination.url:
        raise ValidationError({"url": _("Enter the Apprise URL.")})
    destination.updated_at = timezone.now()
    return save_with_history(actor=actor, instance=destination, fields=HISTORY_FIELDS, data=data)


@transaction.atomic
def chat_destination_remove(
    *, actor: Actor, user: User | None = None, team: Team | None = None
) -> ChatDestination | None:
    """Stop sending to the user's or the team's chat: the destination is deactivated and its URL
    (the secret) blanked; the row, its hint and its history stay. A person's reminders go by
    e-mail again. None when there was nothing to remove."""
    destination = ChatDestination.objects.select_for_update().filter(user=user, team=team).first()
    if destination is None or (not destination.active and not destination.url):
        return None
    was_active = destination.active
    ChatDestination.objects.filter(pk=destination.pk).update(
        url="", active=False, updated_at=timezone.now()
    )
    destination.refresh_from_db()
    history_record(
        actor=actor,
        obj=destination,
        action=ChangeAction.UPDATE,
        changes={"active": [was_active, False]} if was_active else {},
        message=gettext_noop("Chat URL removed"),
    )
    if user is not None:
        preference = ReminderPreference.objects.select_for_update().filter(user=user).first()
        if preference is not None and preference.send_by != EMAIL:
            save_with_history(
                actor=actor, instance=preference, fields=("send_by",), data={"send_by": EMAIL}
            )
    return destination


@transaction.atomic
def team_notices_retry(*, actor: Actor, notices: QuerySet[TeamNotice], now: dt.datetime) -> int:
    """Send failed team notices again: owed once more, their attempts counted afresh, and their
    teams' sending enqueued when the transaction commits."""
    failed = outbox.failed_owed_again(notices)
    if not failed:
        return 0
    history_bulk_record(
        actor=actor,
        objects=failed,
        action=ChangeAction.UPDATE,
        changes={"state": ["failed", "owed"]},
        message=gettext_noop("Sent again by hand"),
    )
    enqueue_team_notices({n.team_id for n in failed})
    return len(failed)
