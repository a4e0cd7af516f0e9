"""Reads on users and people that several views share."""

from __future__ import annotations

from accounts.models import Person


def person_for_user(user) -> Person | None:
    """The directory entry linked to `user`, with its team and partner, if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("team", "partner", "manager").filter(user=user).first()
