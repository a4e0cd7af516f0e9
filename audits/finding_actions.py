"""What can be done with a finding beyond this app (the roadmap turns one into a milestone).

Upper apps register an action in AppConfig.ready(); the audit page shows it: no upward import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from core.registry import Registry


@dataclass(frozen=True)
class FindingAction:
    key: str
    label: Promise
    url: Callable[[object], str]
    allowed: Callable[[object, object], bool]  # (user, finding)


finding_actions: Registry[FindingAction] = Registry("finding actions")


def actions_for(user, finding) -> list[tuple[str, str]]:
    """(label, url) of each action this user may take on this finding."""
    return [(str(a.label), a.url(finding)) for a in finding_actions if a.allowed(user, finding)]
