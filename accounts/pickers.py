"""The type-ahead sources of people and teams (core.pickers), registered in AppConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.forms import person_label, person_label_with_status
from accounts.models import Team
from accounts.rules import may_choose_people, may_choose_teams, may_choose_users, users_taking_part
from accounts.selectors import active_people, all_people, current_people
from core.pickers import PickerSource

PERSON_FIELDS = ("first_name", "last_name", "email")
SEARCH_PEOPLE = _("Search people")


def user_label(user) -> str:
    """A user as a picker shows them: their name and address, as people are shown."""
    return f"{user.full_name} <{user.email}>" if user.full_name else user.email


SOURCES = (
    PickerSource(
        "people.active",
        lambda user: active_people(),
        person_label,
        PERSON_FIELDS,
        may_choose_people,
        SEARCH_PEOPLE,
    ),
    PickerSource(
        "people.current",
        lambda user: current_people(),
        person_label,
        PERSON_FIELDS,
        may_choose_people,
        SEARCH_PEOPLE,
    ),
    PickerSource(
        "people.all",
        lambda user: all_people(),
        person_label_with_status,
        PERSON_FIELDS,
        may_choose_people,
        SEARCH_PEOPLE,
    ),
    PickerSource(
        "users.taking_part",
        lambda user: users_taking_part().order_by("full_name", "email"),
        user_label,
        ("full_name", "email"),
        may_choose_users,
        SEARCH_PEOPLE,
    ),
    PickerSource(
        "teams",
        lambda user: Team.objects.order_by("name"),
        str,
        ("name",),
        may_choose_teams,
        _("Search teams"),
    ),
)
