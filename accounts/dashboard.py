"""The home page's panels. Each app contributes its own in AppConfig.ready(): no upward import.

Leads, auditors and admins see the overview (the state of governance); everyone else sees their
personal panels (what they must do, their channels)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise

from accounts.rules import sees_everything

OVERVIEW, PERSONAL = "overview", "personal"


@dataclass(frozen=True)
class Panel:
    key: str
    title: Promise
    template: str
    context: Callable[[HttpRequest], dict | None]  # None: nothing to show this user now
    audience: str = OVERVIEW
    order: int = 100
    wide: bool = False  # takes the whole width of the page


_panels: list[Panel] = []


def register_dashboard_panel(panel: Panel) -> None:
    if all(existing.key != panel.key for existing in _panels):
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def audience_of(user) -> str:
    if sees_everything(user):
        return OVERVIEW
    return PERSONAL


def panels_for(request: HttpRequest) -> list[tuple[Panel, dict]]:
    """The panels this user sees, each with its context, in order."""
    audience = audience_of(request.user)
    shown = ((panel, panel.context(request)) for panel in _panels if panel.audience == audience)
    return [(panel, context) for panel, context in shown if context is not None]
