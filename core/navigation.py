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
class Link:
    """A page of an area's own navigation (shown under the header on every page of the area)."""

    url_name: str
    label: Promise
    may_see: Callable[[object], bool] = _anyone


@dataclass(frozen=True)
class Area:
    url_name: str  # the area's index page; its app owns the URL namespace
    label: Promise
    description: Promise
    order: int
    may_enter: Callable[[object], bool] = _anyone
    links: tuple[Link, ...] = ()  # the area's own navigation, its index first

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


def _current(urls: list[str], path: str, index: str | None = None) -> str | None:
    """Of `urls`, the longest start of `path` (`index`, and the home page, only on themselves)."""
    inside = [
        url for url in urls if path == url or (url not in ("/", index) and path.startswith(url))
    ]
    return max(inside, key=len, default=None)


def navigation_for(user, path: str) -> tuple[list[NavItem], list[NavItem], Promise | None]:
    """The header's links for this user, the area `path` lies in marked current (every page of an
    area, not only its index, shows where the reader is); that area's own links, the page's one
    marked; and the area's name."""
    areas = [(area, reverse(area.url_name)) for area in areas_for(user)]
    current = _current([url for _area, url in areas], path)
    header = [NavItem(area.label, url, url == current) for area, url in areas]
    area = next((area for area, url in areas if url == current), None)
    if area is None or not area.links:
        return header, [], None
    links = [(link, reverse(link.url_name)) for link in area.links if link.may_see(user)]
    here = _current([url for _link, url in links], path, index=reverse(area.url_name))
    return header, [NavItem(link.label, url, url == here) for link, url in links], area.label
