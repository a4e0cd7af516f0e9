"""A history row's changes as a reader reads them: each field by its verbose name, each value
formatted (a date as a date, nothing as "—", yes or no), in the active language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from accounts.models import ObjectChange

NOTHING = "—"


def _label(model: type | None, field: str) -> str:
    if model is None:
        return field
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field.replace("_", " ")


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return NOTHING
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, str) and len(value) >= 10 and value[:4].isdigit() and value[4] == "-":
        moment = parse_datetime(value) if len(value) > 10 else None
        if isinstance(moment, dt.datetime):
            shown = localtime(moment) if moment.tzinfo else moment
            return formats.date_format(shown, "SHORT_DATETIME_FORMAT")
        day = parse_date(value[:10]) if len(value) == 10 else None
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    return str(value)


def readable_changes(entry: ObjectChange) -> list[tuple[str, str, str]]:
    """(field's name, before, after) for each change of `entry`."""
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return [
        (_label(model, field), _value(values[0]), _value(values[1]))
        for field, values in changes.items()
        if isinstance(values, list | tuple) and len(values) == 2
    ]
