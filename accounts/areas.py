"""The five areas in the navigation. Each area's app owns its URL namespace and index page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    url_name: str
    label: Promise
    description: Promise


AREAS = (
    Area(
        "channels_registry:index",
        _("Channels"),
        _("Every account, page and handle, its owners and its security."),
    ),
    Area(
        "governance:index",
        _("Access"),
        _("Who holds which role on each channel, reviews and leavers."),
    ),
    Area("policies:index", _("Policies"), _("Policies and guidelines, and who acknowledged them.")),
    Area(
        "audits:index", _("Audits"), _("Channel audits, peer benchmarks and platform evaluations.")
    ),
    Area("roadmap:index", _("Roadmap"), _("Objectives, phases and milestones.")),
)

# An upper app may hide its area from those who cannot enter it (no upward import: it registers).
_guards: dict[str, Callable[[object], bool]] = {}


def register_area_guard(url_name: str, may_enter: Callable[[object], bool]) -> None:
    _guards[url_name] = may_enter


def areas_for(user) -> list[Area]:
    """The areas this user may enter, in the navigation's order."""
    return [area for area in AREAS if _guards.get(area.url_name, lambda user: True)(user)]
