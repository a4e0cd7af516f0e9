"""Making and revoking bearer tokens (accounts.models.tokens.HashedToken): the secret is made
here, shown once by the caller, and only its sha256 is kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction
from accounts.history import history_record
from accounts.models.tokens import HashedToken


def token_hash(secret: str) -> str:
    """Only this is stored: the secret is shown once, when the token is made."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret(start: str) -> tuple[str, dict[str, str]]:
    """A new secret beginning with `start` (which says what kind of token it is), and the fields
    a token stores of it: its visible prefix and its hash."""
    secret = start + secrets.token_urlsafe(32)
    return secret, {"prefix": secret[: len(start) + 6], "token_hash": token_hash(secret)}


@transaction.atomic
def token_revoke(*, actor: Actor, token: HashedToken, now: dt.datetime | None = None):
    """Refuse the token from now on; it stays, for the history."""
    token = type(token).objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.revoked_by = actor_user(actor)
        token.save(update_fields=["revoked_at", "revoked_by"])
        history_record(
            actor=actor, obj=token, action=ChangeAction.UPDATE, changes={"revoked": [False, True]}
        )
    return token
