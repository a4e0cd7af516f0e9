"""The areas of the navigation: each app registers its own, with who may enter it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from core.registry import Registry


def _anyone(user) -> bool:
    return True


@dataclass(frozen=True)
class Area:
    url_name: str  # the area's index page; its app owns the URL namespace
    label: Promise
    description: Promise
    order: int
    may_enter: Callable[[object], bool] = _anyone

    @property
    def key(self) -> str:
        return self.url_name


navigation_areas: Registry[Area] = Registry("navigation areas", order=lambda a: a.order)


def areas_for(user) -> list[Area]:
    """The areas this user may enter, in the navigation's order."""
    return [area for area in navigation_areas if area.may_enter(user)]
