"""CSV import of leavers from HR: checked line by line, then all started or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.choices import PersonStatus
from accounts.models import Person
from core.csv import CsvRows
from governance.models import Offboarding

REASON_LENGTH = Offboarding._meta.get_field("reason").max_length


@dataclass
class LeaverRow:
    line: int
    email: str
    last_day: str
    errors: list[str] = field(default_factory=list)
    person: Person | None = None
    day: dt.date | None = None
    reason: str = ""


@dataclass
class LeaversReport:
    rows: list[LeaverRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors and not any(row.errors for row in self.rows)

    @property
    def bad_rows(self) -> list[LeaverRow]:
        return [row for row in self.rows if row.errors]


def parse(text: str) -> LeaversReport:
    report = LeaversReport()
    lines = CsvRows(text, report.errors)
    if not _header_ok(lines, report.errors):
        return report
    people = {p.email.lower(): p for p in Person.objects.exclude(email="")}
    started = set(Offboarding.objects.values_list("person_id", flat=True))
    seen: dict[int, int] = {}  # person → the first line naming them
    for line, raw in lines:
        values = {k: (v or "").strip() for k, v in raw.items() if k}
        if any(values.values()):
            report.rows.append(_row(line, values, people, started, seen))
    if not report.rows and not report.errors:
        report.errors.append(_("The file has a header but no rows."))
    return report


def _header_ok(lines: CsvRows, errors: list[str]) -> bool:
    """The first line names the columns an import needs (other columns are left unread)."""
    header = lines.header()
    if header is None:
        return False
    if not header:
        errors.append(_("The file is empty."))
        return False
    missing = [c for c in ("email", "last_day") if c not in header]
    if missing:
        errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        return False
    return True


def _row(
    line: int,
    values: dict[str, str],
    people: dict[str, Person],
    started: set[int],
    seen: dict[int, int],
) -> LeaverRow:
    row = LeaverRow(
        line,
        values.get("email", ""),
        values.get("last_day", ""),
        reason=values.get("reason", ""),
    )
    row.person = people.get(row.email.lower())
    if row.person is None:
        row.errors.append(
            _("Nobody in the directory has the e-mail %(email)s.") % {"email": row.email or "—"}
        )
    else:
        _check_person(row, started, seen)
    if len(row.reason) > REASON_LENGTH:
        row.errors.append(_("reason: at most %(count)s characters.") % {"count": REASON_LENGTH})
    try:
        row.day = dt.date.fromisoformat(row.last_day)
    except ValueError:
        row.errors.append(
            _("last_day: “%(value)s” is not a date (YYYY-MM-DD).") % {"value": row.last_day}
        )
    return row


def _check_person(row: LeaverRow, started: set[int], seen: dict[int, int]) -> None:
    """The person may start leaving: not already leaving or gone, named once in the file."""
    person = row.person
    if person.pk in started:
        row.errors.append(_("An off-boarding for this person already exists."))
    elif person.status == PersonStatus.LEFT:
        row.errors.append(_("This person has already left."))
    if person.pk in seen:
        row.errors.append(
            _("Line %(line)s of this file names the same person.") % {"line": seen[person.pk]}
        )
    seen.setdefault(person.pk, row.line)
