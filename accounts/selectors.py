"""Reads on users and people that several views share."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.choices import PersonStatus
from accounts.models import Person
from accounts.rules import is_active_user, sees_everything


def person_for_user(user) -> Person | None:
    """The directory entry linked to `user`, with its team and partner, if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("team", "partner", "manager").filter(user=user).first()


def current_people() -> QuerySet[Person]:
    """Everyone in the directory who has not left, by name: the choices of a person field."""
    return Person.objects.exclude(status=PersonStatus.LEFT).order_by("last_name", "first_name")


def people_visible_to(user) -> QuerySet[Person]:
    """The directory as the people pages show it: everyone to those who see everything
    (leads, auditors, admins); to anyone else, only their own entry."""
    people = Person.objects.select_related("team", "partner")
    if sees_everything(user):
        return people
    if not is_active_user(user):
        return people.none()
    return people.filter(user=user)
