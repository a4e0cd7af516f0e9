"""The type-ahead sources of people and teams (core.pickers), registered in AppConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.forms import person_label, person_label_with_status
from accounts.models import Team
from accounts.rules import may_choose_people, may_choose_teams
from accounts.selectors import active_people, all_people, current_people
from core.pickers import PickerSource

PERSON_FIELDS = ("first_name", "last_name", "email")
SEARCH_PEOPLE = _("Search people")

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
        "teams",
        lambda user: Team.objects.order_by("name"),
        str,
        ("name",),
        may_choose_teams,
        _("Search teams"),
    ),
)
