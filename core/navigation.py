"""The areas of the navigation: each app registers its own, with who may enter it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
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


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url: str
    current: bool


def navigation_for(user, path: str) -> list[NavItem]:
    """The header's links for this user, the area `path` lies in marked current: the area whose
    index URL is the longest start of the path (the home page only on itself), so that every
    page of an area, not only its index, shows where the reader is."""
    urls = [(area, reverse(area.url_name)) for area in areas_for(user)]
    inside = [url for _area, url in urls if path == url or (url != "/" and path.startswith(url))]
    current = max(inside, key=len, default=None)
    return [NavItem(area.label, url, url == current) for area, url in urls]
