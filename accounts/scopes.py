"""What an API token may do: read or write, everywhere or in one area of the API.

A token's scopes narrow what its user may do; they never widen it. `read` and `write` hold in
every area, `<area>:read` and `<area>:write` in one; a write scope includes reading.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

# Each API resource belongs to one area (its viewset's `scope_area`).
AREAS = {
    "channels": _("Platforms, their roles and channels"),
    "people": _("People, teams and partners"),
    "access": _("Grants, access requests and my tasks"),
    "offboarding": _("Off-boardings and their tasks"),
    "reviews": _("Access review campaigns and their items"),
    "policies": _("Policies and their acknowledgements"),
    "audits": _("Audits and platform evaluations"),
    "roadmap": _("Objectives and their KPI readings"),
    "history": _("History of changes"),
}

READ, WRITE = "read", "write"

# Areas the API only reads: no write scope is offered for them.
READ_ONLY_AREAS = frozenset({"history"})


def _choices() -> list[tuple[str, object]]:
    choices: list[tuple[str, object]] = [
        (READ, _("Read everything the user sees")),
        (WRITE, _("Read and write everything the user may")),
    ]
    for area, label in AREAS.items():
        choices.append((f"{area}:{READ}", _("Read: %(area)s") % {"area": label}))
        if area not in READ_ONLY_AREAS:
            choices.append((f"{area}:{WRITE}", _("Read and write: %(area)s") % {"area": label}))
    return choices


SCOPE_CHOICES = _choices()
SCOPES = frozenset(value for value, _label in SCOPE_CHOICES)


def scope_allows(scopes: Iterable[str], *, area: str, write: bool) -> bool:
    """Whether `scopes` let a token read (or write) in `area`."""
    granted = set(scopes)
    needed = {WRITE, f"{area}:{WRITE}"}
    if not write:
        needed |= {READ, f"{area}:{READ}"}
    return bool(granted & needed)
