"""Writes of chat destinations: a person's own (from their reminder preferences) or a team's
(an admin's). The URL is validated, encrypted, and kept out of the history (its hint is in)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor
from accounts.encryption import encrypt
from accounts.history import save_with_history
from accounts.models import Team, User
from governance.chat.models import ChatDestination
from governance.chat.targets import RefusedAddress, validate

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
