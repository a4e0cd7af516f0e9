"""Reads on users and people that several views share."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.choices import PersonStatus
from accounts.models import Person


def person_for_user(user) -> Person | None:
    """The directory entry linked to `user`, with its team and partner, if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("team", "partner", "manager").filter(user=user).first()


def current_people() -> QuerySet[Person]:
    """Everyone in the directory who has not left, by name: the choices of a person field."""
    return Person.objects.exclude(status=PersonStatus.LEFT).order_by("last_name", "first_name")
