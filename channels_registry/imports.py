"""CSV import and export of channels: every row is checked before anything is written.

The import is all-or-nothing: a preview lists each line with its errors, and applying writes
every row in one transaction, or none when any row is bad.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.models import Person, Team
from channels_registry.choices import (
    ChannelKind,
    ChannelStatus,
    LoginModel,
    TwoFactorMethod,
    TwoFactorStatus,
)
from channels_registry.forms import SECRET_FIELD_WORDS
from channels_registry.models import Channel, Platform
from core.csv import ImportReport, RowResult, date_cell, read_header

COLUMNS = (
    "platform",
    "name",
    "handle",
    "url",
    "kind",
    "status",
    "team",
    "business_owner",
    "backup_owner",
    "purpose",
    "audience",
    "language_region",
    "notes",
    "two_factor_status",
    "two_factor_method",
    "two_factor_holder",
    "recovery_email",
    "recovery_phone_holder",
    "login_model",
    "credentials_vault_ref",
    "password_rotated_on",
    "verified",
)
REQUIRED = ("platform", "name", "handle")
PERSON_COLUMNS = ("business_owner", "backup_owner", "two_factor_holder", "recovery_phone_holder")
CHOICES = {
    "kind": ChannelKind,
    "status": ChannelStatus,
    "two_factor_status": TwoFactorStatus,
    "two_factor_method": TwoFactorMethod,
    "login_model": LoginModel,
}


@dataclass
class ChannelRow(RowResult):
    """A line of the channels' CSV, with the channel it would create."""

    channel: Channel | None = None


def _choice(column: str, raw: str, errors: list[str]) -> str:
    choices = CHOICES[column]
    raw = raw.strip()
    if not raw:
        return ""
    by_value = {c.value: c.value for c in choices}
    by_label = {str(c.label).lower(): c.value for c in choices}
    value = by_value.get(raw.lower()) or by_label.get(raw.lower())
    if value is None:
        errors.append(
            _("%(column)s: “%(value)s” is not one of %(allowed)s.")
            % {"column": column, "value": raw, "allowed": ", ".join(by_value)}
        )
        return ""
    return value


def _is_secret(column: str) -> bool:
    return column not in COLUMNS and any(word in column for word in SECRET_FIELD_WORDS)


def parse(text: str) -> ImportReport:
    """Read and check every row; no write happens here."""
    report = ImportReport()
    rows = read_header(text, report, columns=COLUMNS, required=REQUIRED, refuse=_is_secret)
    if rows is None:
        return report
    known = _Known.read()
    for line, raw in rows:
        row = _row(line, raw, known)
        if row is not None:
            report.rows.append(row)
    if not report.rows and not report.errors:
        report.errors.append(_("The file has a header but no rows."))
    return report


@dataclass
class _Known:
    """What the rows are checked against, read once for the whole file (lower-cased keys)."""

    platforms: dict[str, Platform]  # by slug and by name
    people: dict[str, Person]  # by e-mail
    teams: dict[str, Team]  # by name
    taken: set[tuple[int, str]]  # (platform, handle) of every channel not archived
    seen: dict[tuple[int, str], int] = field(default_factory=dict)  # … in this file: its line

    @classmethod
    def read(cls) -> _Known:
        platforms = {}
        for platform in Platform.objects.all():
            platforms[platform.slug.lower()] = platform
            platforms[platform.name.lower()] = platform
        return cls(
            platforms=platforms,
            people={p.email.lower(): p for p in Person.objects.exclude(email="")},
            teams={t.name.lower(): t for t in Team.objects.all()},
            taken=set(
                Channel.objects.exclude(status=ChannelStatus.ARCHIVED)
                .annotate(handle_lower=Lower("handle"))
                .values_list("platform_id", "handle_lower")
            ),
        )


def _row(line: int, raw: dict, known: _Known) -> RowResult | None:
    """One line checked, with the channel it would create; None for a blank line."""
    if None in raw:
        return ChannelRow(line, {}, [_("This line has more fields than the header.")])
    values = {k: (v or "").strip() for k, v in raw.items()}
    if not any(values.values()):
        return None
    row = ChannelRow(line, values)
    errors = row.errors
    for column in REQUIRED:
        if not values.get(column):
            errors.append(_("%(column)s is required.") % {"column": column})
    platform = _platform(values, known, errors)
    data = {
        "platform": platform,
        **_plain_fields(values),
        **_choice_fields(values, errors),
        "password_rotated_on": date_cell(
            "password_rotated_on", values.get("password_rotated_on", ""), errors
        ),
        **_person_fields(values, known, errors),
        **_team_field(values, known, errors),
    }
    row.channel = Channel(**{k: v for k, v in data.items() if v is not None or k.endswith("_on")})
    if platform is not None:
        _check_channel(row.channel, errors)
        _check_handle(row.channel, line, known, errors)
    return row


def _platform(values: dict[str, str], known: _Known, errors: list[str]) -> Platform | None:
    platform = known.platforms.get(values.get("platform", "").lower())
    if values.get("platform") and platform is None:
        errors.append(
            _("platform: “%(value)s” is not a known platform.") % {"value": values["platform"]}
        )
    return platform


def _plain_fields(values: dict[str, str]) -> dict:
    """The columns read as they are written (the handle without its @, `verified` as a yes)."""
    return {
        "name": values.get("name", ""),
        "handle": values.get("handle", "").lstrip("@"),
        "url": values.get("url", ""),
        "purpose": values.get("purpose", ""),
        "audience": values.get("audience", ""),
        "language_region": values.get("language_region", ""),
        "notes": values.get("notes", ""),
        "recovery_email": values.get("recovery_email", ""),
        "credentials_vault_ref": values.get("credentials_vault_ref", ""),
        "verified": values.get("verified", "").lower() in {"1", "true", "yes", "oui", "y"},
    }


def _choice_fields(values: dict[str, str], errors: list[str]) -> dict[str, str]:
    """The columns with a list of choices that the row fills in (by value or label)."""
    data = {}
    for column in CHOICES:
        value = _choice(column, values.get(column, ""), errors)
        if value:
            data[column] = value
    return data


def _person_fields(values: dict[str, str], known: _Known, errors: list[str]) -> dict:
    """The people the row names by e-mail (None for an e-mail nobody has: an error)."""
    data = {}
    for column in PERSON_COLUMNS:
        email = values.get(column, "").lower()
        if not email:
            continue
        data[column] = known.people.get(email)
        if data[column] is None:
            errors.append(
                _("%(column)s: nobody in the directory has the e-mail %(email)s.")
                % {"column": column, "email": email}
            )
    return data


def _team_field(values: dict[str, str], known: _Known, errors: list[str]) -> dict:
    team_name = values.get("team", "")
    if not team_name:
        return {}
    team = known.teams.get(team_name.lower())
    if team is None:
        errors.append(_("team: “%(value)s” is not a team.") % {"value": team_name})
    return {"team": team}


def _check_channel(channel: Channel, errors: list[str]) -> None:
    """The model's own checks of every field the row sets."""
    try:
        # Relations were resolved from the maps above; checking them again would
        # cost queries per row. Uniqueness is checked against `taken` and `seen`.
        channel.full_clean(
            exclude=["platform", "team", *PERSON_COLUMNS],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                errors.append(f"{name}: {message}" if name != "__all__" else message)


def _check_handle(channel: Channel, line: int, known: _Known, errors: list[str]) -> None:
    """A live channel's handle is free on its platform, and not used by an earlier line."""
    if channel.status == ChannelStatus.ARCHIVED or not channel.handle:
        return
    key = (channel.platform.pk, channel.handle.lower())
    if key in known.taken:
        errors.append(
            _("handle: %(platform)s already has a channel “%(handle)s”.")
            % {"platform": channel.platform.display_name, "handle": channel.handle}
        )
    elif key in known.seen:
        errors.append(
            _("handle: line %(line)s of this file has the same handle.") % {"line": known.seen[key]}
        )
    else:
        known.seen[key] = line


def export_rows(channels: Iterable[Channel]) -> Iterable[list[str]]:
    """The CSV lines of `channels`, in the import's own format, so an export re-imports."""
    yield list(COLUMNS)
    for c in channels:
        yield [
            c.platform.slug,
            c.name,
            c.handle,
            c.url,
            c.kind,
            c.status,
            c.team.name if c.team else "",
            c.business_owner.email if c.business_owner else "",
            c.backup_owner.email if c.backup_owner else "",
            c.purpose,
            c.audience,
            c.language_region,
            c.notes,
            c.two_factor_status,
            c.two_factor_method,
            c.two_factor_holder.email if c.two_factor_holder else "",
            c.recovery_email,
            c.recovery_phone_holder.email if c.recovery_phone_holder else "",
            c.login_model,
            c.credentials_vault_ref,
            c.password_rotated_on.isoformat() if c.password_rotated_on else "",
            "yes" if c.verified else "no",
        ]
