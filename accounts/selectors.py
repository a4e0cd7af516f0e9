"""Reads on users and people that several views share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast

from accounts.choices import PersonStatus
from accounts.models import ObjectChange, Person
from accounts.rules import is_active_user, sees_all_history, sees_everything
from core.registry import Registry


def person_for_user(user) -> Person | None:
    """The directory entry linked to `user`, with its team and partner, if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("team", "partner", "manager").filter(user=user).first()


def current_people() -> QuerySet[Person]:
    """Everyone in the directory who has not left, by name: the choices of a person field."""
    return Person.objects.exclude(status=PersonStatus.LEFT).order_by("last_name", "first_name")


def active_people() -> QuerySet[Person]:
    """The active people, by name: who may be granted access or take over a task."""
    return Person.objects.filter(status=PersonStatus.ACTIVE).order_by("last_name", "first_name")


def all_people() -> QuerySet[Person]:
    """The whole directory, leavers too, by name: a channel's owners and holders as recorded,
    a holder seen on a platform."""
    return Person.objects.order_by("last_name", "first_name")


def people_visible_to(user) -> QuerySet[Person]:
    """The directory as the people pages show it: everyone to those who see everything
    (leads, auditors, admins); to anyone else, only their own entry."""
    people = Person.objects.select_related("team", "partner")
    if sees_everything(user):
        return people
    if not is_active_user(user):
        return people.none()
    return people.filter(user=user)


@dataclass(frozen=True)
class HistoryShown:
    """A model whose history a page shows to whoever sees the object there (the channel page's
    History tab): `visible(user)` is that page's own selector."""

    model: type[Model]
    visible: Callable[[object], QuerySet]

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


# Upper apps register the models whose pages show their history (channels_registry: channels).
history_shown: Registry[HistoryShown] = Registry("models whose history the pages show")


def history_visible_to(user) -> QuerySet[ObjectChange]:
    """The history rows `user` may read: all of them to admins, leads and auditors
    (`sees_all_history`); to anyone else, the rows about the objects they see on a page that
    shows their history."""
    rows = ObjectChange.objects.select_related("content_type")
    if sees_all_history(user):
        return rows
    if not is_active_user(user):
        return rows.none()
    condition = Q(pk__in=[])
    for shown in history_shown:
        content_type = ContentType.objects.get_for_model(shown.model, for_concrete_model=False)
        # object_id is text (any model's key): compare it with the visible keys as text, in one
        # subquery per model, so a page of rows costs the same whatever the user sees.
        keys = (
            shown.visible(user).annotate(history_key=Cast("pk", CharField())).values("history_key")
        )
        condition |= Q(content_type=content_type, object_id__in=keys)
    return rows.filter(condition)
