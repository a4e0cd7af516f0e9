"""Metrics of an audit's channels from CSV: every row checked, then all applied or none."""

from __future__ import annotations

from django.utils.translation import gettext as _

from audits.models import Audit, ChannelAssessment
from core.csv import ImportReport, RowResult, date_cell, decimal_cell, integer_cell, read_header

KEYS = ("platform", "handle")
METRICS = (
    "followers",
    "posts_last_30_days",
    "engagement_rate",
    "median_response_hours",
    "last_post_on",
)
COLUMNS = KEYS + METRICS


def _value(column: str, raw: str, errors: list[str]):
    if column in ("followers", "posts_last_30_days"):
        return integer_cell(column, raw, errors)
    if column in ("engagement_rate", "median_response_hours"):
        field = ChannelAssessment._meta.get_field(column)
        return decimal_cell(
            column,
            raw,
            errors,
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            most=100 if column == "engagement_rate" else None,
        )
    return date_cell(column, raw, errors)


def parse(text: str, audit: Audit) -> tuple[ImportReport, list[tuple[ChannelAssessment, dict]]]:
    """Check every row against the audit's channels; nothing is written here."""
    report = ImportReport()
    rows = read_header(text, report, columns=COLUMNS, required=KEYS)
    if rows is None:
        return report, []
    assessments = {
        (a.channel.platform.slug, a.channel.handle.lower()): a
        for a in audit.assessments.select_related("channel__platform")
    }
    seen: dict[int, int] = {}
    updates: list[tuple[ChannelAssessment, dict]] = []
    for line, raw in rows:
        values = {k: (v or "").strip() for k, v in raw.items() if k}
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
