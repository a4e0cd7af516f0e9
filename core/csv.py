"""What every CSV import shares: its limits, a reader that keeps to them, and the cells it reads.

An import is all-or-nothing: every line is read and checked before anything is written. These
limits keep that reading short, and turn what the csv module or PostgreSQL would refuse (a NUL
character, a cell past the csv field limit, a number too large for its column, NaN) into a
message on the page instead of an error page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
MAX_ROWS = 5000
# PostgreSQL's integer, which every whole-number column of an import is.
LARGEST_INTEGER = 2**31 - 1


def limits_text() -> str:
    """The limits, as a form's help text states them."""
    return _(
        "UTF-8, comma-separated, with a header row: at most %(rows)s rows and %(megabytes)s MB."
    ) % {"rows": number_format(MAX_ROWS, force_grouping=True), "megabytes": MAX_MEGABYTES}


def check_size(size: int) -> None:
    """Refuse a file of more than MAX_BYTES bytes (before reading it, when it is an upload)."""
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(megabytes)s MB.") % {"megabytes": MAX_MEGABYTES}
        )


def clean_text(text: str) -> str:
    """The text of an upload (or of its preview's hidden copy) within the limits, its line
    endings made `\\n`: old Macs wrote a lone `\\r`. Raises ValidationError."""
    # A character takes at least one byte: a text too long needs no encoding to be refused.
    check_size(len(text))
    check_size(len(text.encode("utf-8")))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        raise ValidationError(
            _(
                "Line %(line)s holds a NUL character: this is not a text file. Save it as “CSV UTF-8” and try again."
            )
            % {"line": text.count("\n", 0, nul) + 1}
        )
    return text


class CsvRows:
    """The rows of a CSV text, within the limits: `header()` first, then `(line, values)` for
    each row that is not blank. Past MAX_ROWS rows, or at a line the csv module cannot read,
    the reading stops and `errors` says why, so that the import writes nothing."""

    def __init__(self, text: str, errors: list[str]) -> None:
        self._reader = csv.DictReader(io.StringIO(text, newline=""))
        self.errors = errors

    def header(self) -> list[str] | None:
        """The column names, stripped and lower-cased; None when the first line is unreadable."""
        try:
            names = self._reader.fieldnames or []
        except csv.Error as error:
            self._unreadable(error)
            return None
        self._reader.fieldnames = [name.strip().lower() for name in names]
        return list(self._reader.fieldnames)

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        count = 0
        while True:
            try:
                raw = next(self._reader)
            except StopIteration:
                return
            except csv.Error as error:
                self._unreadable(error)
                return
            count += 1
            if count > MAX_ROWS:
                self.errors.append(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
                return
            yield self._reader.reader.line_num, raw

    def _unreadable(self, error: csv.Error) -> None:
        # The csv reader's own count: DictReader's is updated only after a row it could read.
        line = self._reader.reader.line_num or 1
        if "field limit" in str(error):
            self.errors.append(
                _("Line %(line)s cannot be read: a cell is longer than %(limit)s characters.")
                % {"line": line, "limit": csv.field_size_limit()}
            )
        else:
            self.errors.append(_("Line %(line)s is not valid CSV.") % {"line": line})


def date_cell(column: str, raw: str, errors: list[str]) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors.append(
            _("%(column)s: “%(value)s” is not a date (YYYY-MM-DD).")
            % {"column": column, "value": raw}
        )
        return None


def integer_cell(column: str, raw: str, errors: list[str]) -> int | None:
    """A whole number of 0 or more that a PostgreSQL integer holds; spaces and commas group."""
    try:
        value = int(_without_spaces(raw).replace(",", ""))
    except ValueError:
        errors.append(
            _("%(column)s: “%(value)s” is not a whole number.") % {"column": column, "value": raw}
        )
        return None
    if value < 0:
        errors.append(_("%(column)s cannot be negative.") % {"column": column})
        return None
    if value > LARGEST_INTEGER:
        errors.append(_("%(column)s: “%(value)s” is too large.") % {"column": column, "value": raw})
        return None
    return value


def decimal_cell(
    column: str,
    raw: str,
    errors: list[str],
    *,
    max_digits: int,
    decimal_places: int,
    signed: bool = False,
    most: int | None = None,
) -> Decimal | None:
    """A finite number that fits its column (`max_digits`, `decimal_places`), rounded to it;
    0 or more unless `signed`, at most `most` when given.

    A decimal comma, spaces between thousands and a trailing % are accepted; NaN and Infinity
    are not numbers here."""
    text = _without_spaces(raw.strip().rstrip("%")).replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors.append(
            _("%(column)s: “%(value)s” is not a number.") % {"column": column, "value": raw}
        )
        return None
    bound = Decimal(10) ** (max_digits - decimal_places)
    # Checked before rounding too: rounding 1e30 to cents needs more digits than Decimal has.
    if abs(value) < bound:
        value = value.quantize(Decimal(1).scaleb(-decimal_places))
    if abs(value) >= bound:
        errors.append(_("%(column)s: “%(value)s” is too large.") % {"column": column, "value": raw})
        return None
    if not signed and (value < 0 or (most is not None and value > most)):
        errors.append(
            _("%(column)s must be between 0 and %(most)s.") % {"column": column, "most": most}
            if most is not None
            else _("%(column)s cannot be negative.") % {"column": column}
        )
        return None
    return value


def _without_spaces(raw: str) -> str:
    """Spaces that group thousands (a plain, a no-break or a narrow no-break space) removed."""
    return raw.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")


@dataclass
class RowResult:
    """One line of an import: its values, and what is wrong with it."""

    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """Every line of an import, and what is wrong with the file as a whole."""

    rows: list[RowResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and all(not row.errors for row in self.rows) and bool(self.rows)

    @property
    def bad_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]


def read_header(
    text: str, report: ImportReport, *, columns=None, required, refuse=None
) -> CsvRows | None:
    """Open a CSV within every import's limits and check its first line: no unknown column
    (any other column is left unread when `columns` is None), none missing (and none that
    `refuse(name)` refuses). None when the header is wrong; the report then says why."""
    rows = CsvRows(text, report.errors)
    header = rows.header()
    if header is None:
        return None
    if not header:
        report.errors.append(_("The file is empty."))
        return None
    refused = [h for h in header if refuse is not None and refuse(h)]
    if refused:
        report.errors.append(
            _(
                "Column %(columns)s looks like a password or secret. Gouvernail never stores them: remove the column."
            )
            % {"columns": ", ".join(refused)}
        )
        return None
    unknown = [h for h in header if columns is not None and h not in columns]
    missing = [c for c in required if c not in header]
    if unknown:
        report.errors.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if missing:
        report.errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if report.errors:
        return None
    return rows
