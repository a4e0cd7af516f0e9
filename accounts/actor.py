"""Who performs a write: the signed-in user, or None for the system (a beat task, a deadline
sweep, an expiry). Every service takes one as `actor` and records it in the history."""

from __future__ import annotations

from typing import TypeAlias

from accounts.models import User

Actor: TypeAlias = User | None
