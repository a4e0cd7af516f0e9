"""Who performs a write: the signed-in user; an Agent, a system acting on its own behalf and
named in the history (an identity provider over SCIM, an API service token); or None for
Gouvernail itself (a beat task, a deadline sweep, an expiry). Every service takes one as `actor`
and records it in the history.

A user acting through an API token is still the user (their rules apply, `granted_by` names
them), marked by `acting_through`: the history's label then names the token too,
"lead@example.org (API token gvapi_ab12cd)"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from accounts.models import User

SYSTEM_ACTOR_LABEL = "system"


@dataclass(frozen=True)
class Agent:
    """A system outside Gouvernail that writes through the services: never a signed-in user, so
    no rule grants it anything; what it may do is decided where it comes in (its token)."""

    label: str
    is_authenticated = False

    def __str__(self) -> str:
        return self.label


Actor: TypeAlias = User | Agent | None


def actor_row(actor: Actor) -> tuple[User | None, str]:
    """The history's actor and label for `actor`: the user and their e-mail (and the channel they
    act through), no user and the agent's label, or no user and "system"."""
    if isinstance(actor, Agent):
        return None, actor.label[:254]
    if actor is not None and actor.is_authenticated:
        channel = getattr(actor, "acting_through", "")
        return actor, (f"{actor.email} ({channel})" if channel else actor.email)[:254]
    return None, SYSTEM_ACTOR_LABEL


def acting_through(user: User, channel: str) -> User:
    """`user`, marked as acting through `channel` for the rest of this request."""
    user.acting_through = channel
    return user


def actor_user(actor: Actor) -> User | None:
    """The user to store where a row says who did something (`granted_by`, `done_by`…): an agent
    or the system stores none, and the history names them."""
    return actor_row(actor)[0]
