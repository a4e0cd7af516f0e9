"""CSV import of leavers from HR: checked line by line, then all started or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.choices import PersonStatus
from accounts.models import Person
from core.csv import ImportReport, RowResult, date_cell, read_header
from governance.models import Offboarding

REASON_LENGTH = Offboarding._meta.get_field("reason").max_length


@dataclass
class LeaverRow(RowResult):
    """A line of HR's leavers list, with the person and the last day it names."""

    person: Person | None = None
    day: dt.date | None = None

    @property
    def email(self) -> str:
        return self.values.get("email", "")

    @property
    def last_day(self) -> str:
        return self.values.get("last_day", "")

    @property
    def reason(self) -> str:
        return self.values.get("reason", "")


def parse(text: str) -> ImportReport:
    """Every line checked; the report is ok when all of them may start leaving. Columns other
    than email, last_day and reason (an HR export has many) are left unread."""
    report = ImportReport()
    lines = read_header(text, report, required=("email", "last_day"))
    if lines is None:
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


def _row(
    line: int,
    values: dict[str, str],
    people: dict[str, Person],
    started: set[int],
    seen: dict[int, int],
) -> LeaverRow:
    row = LeaverRow(line, values)
    row.person = people.get(row.email.lower())
    if row.person is None:
        row.errors.append(
            _("Nobody in the directory has the e-mail %(email)s.") % {"email": row.email or "—"}
        )
    else:
        _check_person(row, started, seen)
    if len(row.reason) > REASON_LENGTH:
        row.errors.append(_("reason: at most %(count)s characters.") % {"count": REASON_LENGTH})
    row.day = date_cell("last_day", row.last_day, row.errors)
    if not row.last_day:
        row.errors.append(_("last_day: a date is required (YYYY-MM-DD)."))
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
