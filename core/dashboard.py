"""The home page's panels: each app contributes its own in AppConfig.ready() (no upward import).

Leads, auditors and admins see the overview (the state of governance); everyone else sees their
personal panels (what they must do, their channels). Which audience a user belongs to is the
accounts app's answer (accounts.rules.dashboard_audience).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise

from core.registry import Registry

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


dashboard_panels: Registry[Panel] = Registry("dashboard panels", order=lambda p: p.order)


def panels_for(request: HttpRequest, audience: str) -> list[tuple[Panel, dict]]:
    """The panels of this audience that have something to show, each with its context."""
    shown = (
        (panel, panel.context(request)) for panel in dashboard_panels if panel.audience == audience
    )
    return [(panel, context) for panel, context in shown if context is not None]
