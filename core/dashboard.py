"""The home page's panels: each app contributes its own in AppConfig.ready() (no upward import).

Leads, auditors and admins see the overview (the state of governance); everyone else sees their
personal panels (what they must do, their channels). Which audience a user belongs to is the
accounts app's answer (accounts.rules.dashboard_audience).

A shared panel shows the same to every user of its audience: its figures are counted once and
kept in the cache until the register changes (the caller's `version`: accounts' history version),
the day turns, or DASHBOARD_CACHE_SECONDS pass, whichever comes first. So the dashboard costs the
same on a register of 300 channels and of 3,000 while nobody writes. A kept panel is one user's
own (their tasks, their channels), kept for that user on the same terms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise

from core.registry import Registry

OVERVIEW, PERSONAL = "overview", "personal"
_NOTHING = "nothing"  # a shared panel with nothing to show, kept as such


@dataclass(frozen=True)
class Panel:
    key: str
    title: Promise
    template: str
    context: Callable[[HttpRequest], dict | None]  # None: nothing to show this user now
    audience: str = OVERVIEW
    order: int = 100
    wide: bool = False  # takes the whole width of the page
    shared: bool = False  # the same for every user of its audience (it never reads request.user)
    kept: bool = False  # one user's own, kept for that user as a shared panel is kept for all


dashboard_panels: Registry[Panel] = Registry("dashboard panels", order=lambda p: p.order)


def panels_for(request: HttpRequest, audience: str, *, version: str) -> list[tuple[Panel, dict]]:
    """The panels of this audience that have something to show, each with its context."""
    shown = (
        (panel, _context(panel, request, version))
        for panel in dashboard_panels
        if panel.audience == audience
    )
    return [(panel, context) for panel, context in shown if context is not None]


def _context(panel: Panel, request: HttpRequest, version: str) -> dict | None:
    if not (panel.shared or panel.kept):
        return panel.context(request)
    # Its words are in the reader's language and its dates count from today: both in the key.
    whose = "everyone" if panel.shared else f"user-{request.user.pk}"
    key = ":".join(
        (
            "dashboard",
            panel.key,
            whose,
            translation.get_language(),
            str(timezone.localdate()),
            version,
        )
    )
    kept = cache.get(key)
    if kept is not None:
        return None if kept == _NOTHING else kept
    context = panel.context(request)
    cache.set(key, _NOTHING if context is None else context, settings.DASHBOARD_CACHE_SECONDS)
    return context
