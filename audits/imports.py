"""Metrics of an audit's channels from CSV: every row checked, then all applied or none."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from audits.models import Audit, ChannelAssessment
from channels_registry.imports import ImportReport, RowResult, date_cell, read_header

KEYS = ("platform", "handle")
METRICS = (
    "followers",
    "posts_last_30_days",
    "engagement_rate",
    "median_response_hours",
    "last_post_on",
)
COLUMNS = KEYS + METRICS
MAX_ROWS = 2000


def _integer(column: str, raw: str, errors: list[str]) -> int | None:
    try:
        value = int(raw.replace(" ", "").replace(",", ""))
    except ValueError:
        errors.append(
            _("%(column)s: “%(value)s” is not a whole number.") % {"column": column, "value": raw}
        )
        return None
    if value < 0:
        errors.append(_("%(column)s cannot be negative.") % {"column": column})
        return None
    return value


def _decimal(
    column: str, raw: str, errors: list[str], most: int | None = None, places: str = "0.01"
) -> Decimal | None:
    try:
        value = Decimal(raw.replace(",", ".").rstrip("%").strip())
    except InvalidOperation:
        errors.append(
            _("%(column)s: “%(value)s” is not a number.") % {"column": column, "value": raw}
        )
        return None
    if value < 0 or (most is not None and value > most):
        errors.append(
            _("%(column)s must be between 0 and %(most)s.") % {"column": column, "most": most}
            if most is not None
            else _("%(column)s cannot be negative.") % {"column": column}
        )
        return None
    return value.quantize(Decimal(places))


def _value(column: str, raw: str, errors: list[str]):
    if column in ("followers", "posts_last_30_days"):
        return _integer(column, raw, errors)
    if column == "engagement_rate":
        return _decimal(column, raw, errors, most=100)
    if column == "median_response_hours":
        return _decimal(column, raw, errors, places="0.1")
    return date_cell(column, raw, errors)


def parse(text: str, audit: Audit) -> tuple[ImportReport, list[tuple[ChannelAssessment, dict]]]:
    """Check every row against the audit's channels; nothing is written here."""
    report = ImportReport()
    reader = read_header(text, report, columns=COLUMNS, required=KEYS)
    if reader is None:
        return report, []
    assessments = {
        (a.channel.platform.slug, a.channel.handle.lower()): a
        for a in audit.assessments.select_related("channel__platform")
    }
    seen: dict[int, int] = {}
    updates: list[tuple[ChannelAssessment, dict]] = []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            report.errors.append(_("At most %(count)s rows per file.") % {"count": MAX_ROWS})
            break
        values = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        row = RowResult(line, values)
        report.rows.append(row)
        key = (values.get("platform", "").lower(), values.get("handle", "").lstrip("@").lower())
        assessment = assessments.get(key) or assessments.get((key[0], "@" + key[1]))
        if assessment is None:
            row.errors.append(
                _("No channel of this audit is %(handle)s on %(platform)s.")
                % {"handle": values.get("handle") or "—", "platform": values.get("platform") or "—"}
            )
            continue
        if assessment.pk in seen:
            row.errors.append(
                _("This channel is already on line %(line)s.") % {"line": seen[assessment.pk]}
            )
            continue
        seen[assessment.pk] = line
        metrics = {
            column: _value(column, values[column], row.errors)
            for column in METRICS
            if values.get(column)
        }
        if not metrics and not row.errors:
            row.errors.append(_("The row has no metric."))
        updates.append((assessment, metrics))
    if not report.rows and not report.errors:
        report.errors.append(_("The file has no rows."))
    return report, updates


def template_rows(audit: Audit):
    """The import file to fill in: one row per channel of the audit, with what is known."""
    yield list(COLUMNS)
    for a in audit.assessments.select_related("channel__platform").order_by("channel__name"):
        yield [
            a.channel.platform.slug,
            a.channel.handle,
            *("" if getattr(a, m) is None else getattr(a, m) for m in METRICS),
        ]
