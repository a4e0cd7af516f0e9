"""The file connector: one documented CSV layout that an owner fills from the platform's own
settings screen (its people and roles), read line by line into the same Reading the API
connectors return. Nothing is written here: observation_record does it, all or nothing.

    name,email,platform_user_id,role,two_factor,last_active,invited_at
    Ann Martin,ann@example.org,,Full control (admin),yes,2026-03-10,
    Agency Bot,,1000123,Partial access: content,,,2026-03-01

The layout is recognised from the file's first line (LAYOUTS). No platform documents the
columns of an export of who holds an account (see the README), so Gouvernail's is the only
one; a platform's own export joins LAYOUTS once its format is documented.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from channels_registry.models import Channel, PlatformRole
from core.csv import ImportReport, RowResult, read_header
from governance.reconciliation.connectors import Reading, SeenHolder

SOURCE = "file"
COLUMNS = ("name", "email", "platform_user_id", "role", "two_factor", "last_active", "invited_at")
REQUIRED = ("name", "role")
YES = {"yes", "y", "true", "1", "on", "oui"}
NO = {"no", "n", "false", "0", "off", "non"}


@dataclass(frozen=True)
class Layout:
    """A file layout the connector reads, recognised from the column names of its first line."""

    key: str
    label: str
    recognises: Callable[[frozenset[str]], bool]


LAYOUTS = (
    Layout(
        "gouvernail",
        gettext_lazy("Gouvernail's layout (one line per holder, copied from the settings screen)"),
        lambda header: set(REQUIRED) <= header and header <= set(COLUMNS),
    ),
)


def layout_of(text: str) -> Layout | None:
    """The layout whose columns the file's first line names, or None."""
    try:
        first = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return None
    header = frozenset(name.strip().lower() for name in first if name.strip())
    return next((layout for layout in LAYOUTS if layout.recognises(header)), None)


@dataclass
class HolderReport(ImportReport):
    """An import's report, with the layout its first line was recognised as."""

    layout: Layout | None = None


@dataclass
class HolderRow(RowResult):
    """A line of the file, with the holder it describes once it reads well."""

    holder: SeenHolder | None = None

    @property
    def name(self) -> str:
        return self.values.get("name", "")

    @property
    def role(self) -> str:
        return self.values.get("role", "")


def _moment(column: str, raw: str, errors: list[str]) -> dt.datetime | None:
    """A date (YYYY-MM-DD) or a date and time (ISO 8601), in the site's time zone if none."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        errors.append(
            _("%(column)s: “%(value)s” is not a date (YYYY-MM-DD).")
            % {"column": column, "value": raw}
        )
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _two_factor(raw: str, errors: list[str]) -> bool | None:
    value = raw.strip().lower()
    if not value:
        return None
    if value in YES | NO:
        return value in YES
    errors.append(_("two_factor: “%(value)s” is not yes or no.") % {"value": raw})
    return None


def _row(line: int, values: dict[str, str], roles: dict[str, str], seen: dict) -> HolderRow:
    row = HolderRow(line, values)
    errors = row.errors
    if not row.name:
        errors.append(_("name: say who holds the role, as the platform shows them."))
    if row.role.lower() not in roles:
        errors.append(
            _("role: “%(value)s” is not one of %(allowed)s.")
            % {"value": row.role, "allowed": ", ".join(roles.values())}
        )
    email = values.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("email: “%(value)s” is not an e-mail address.") % {"value": email})
    identity = values.get("platform_user_id") or email.lower() or " ".join(row.name.split()).lower()
    if identity in seen:
        errors.append(
            _("Line %(line)s of this file names the same holder.") % {"line": seen[identity]}
        )
    seen.setdefault(identity, line)
    holder = SeenHolder(
        name=row.name[:200],
        role=roles.get(row.role.lower(), row.role),
        external_id=values.get("platform_user_id", "")[:200],
        email=email,
        two_factor=_two_factor(values.get("two_factor", ""), errors),
        last_active_at=_moment("last_active", values.get("last_active", ""), errors),
        invited_at=_moment("invited_at", values.get("invited_at", ""), errors),
    )
    if not errors:
        row.holder = holder
    return row


def parse(text: str, channel: Channel) -> HolderReport:
    """Every line checked against the channel's platform roles; the report is ok when all of
    them read well."""
    report = HolderReport(layout=layout_of(text))
    lines = read_header(text, report, columns=COLUMNS, required=REQUIRED)
    if lines is None and text.strip() and report.layout is None:
        report.errors.append(
            _(
                "Gouvernail does not recognise this file's first line. It reads %(layouts)s; "
                "no platform documents the columns of its own export of who holds an account."
            )
            % {"layouts": "; ".join(str(layout.label) for layout in LAYOUTS)}
        )
    if lines is None:
        return report
    roles = {
        name.lower(): name
        for name in PlatformRole.objects.filter(platform_id=channel.platform_id)
        .order_by("order", "name")
        .values_list("name", flat=True)
    }
    seen: dict[str, int] = {}
    for line, raw in lines:
        values = {k: (v or "").strip() for k, v in raw.items() if k}
        if any(values.values()):
            report.rows.append(_row(line, values, roles, seen))
    if not report.rows and not report.errors:
        report.errors.append(_("The file has a header but no rows."))
    return report


def reading(report: ImportReport, *, now: dt.datetime) -> Reading:
    """What an ok report read, as a connector's reading seen now."""
    return Reading(seen_at=now, holders=tuple(row.holder for row in report.rows), source=SOURCE)
