"""The type-ahead sources of channels and of their owners (core.pickers), registered in
AppConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.forms import person_label
from accounts.pickers import PERSON_FIELDS, SEARCH_PEOPLE
from channels_registry.rules import may_choose_channels, may_filter_by_owner
from channels_registry.selectors import open_channels, owners_visible_to
from core.pickers import PickerSource

SOURCES = (
    PickerSource(
        "channels.open",
        lambda user: open_channels(),
        str,
        ("name", "handle", "platform__name"),
        may_choose_channels,
        _("Search channels"),
    ),
    PickerSource(
        "people.owners",
        owners_visible_to,
        person_label,
        PERSON_FIELDS,
        may_filter_by_owner,
        SEARCH_PEOPLE,
    ),
)
