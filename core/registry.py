"""Slots that upper apps fill from AppConfig.ready(): a lower app shows what an upper app
offers without importing it. A key registered twice is a mistake, and says so."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


def by_key(item: Any) -> str:
    return item.key


def by_name(item: Any) -> str:
    """For slots of plain functions: the function's dotted name."""
    return f"{item.__module__}.{item.__qualname__}"


class Registry(Generic[T]):
    """An ordered slot of items, each under a unique key.

    `holds` names what the slot holds (it appears in errors and in DESIGN.md's list of slots);
    `key` gives an item's key (its `key` attribute by default); `order`, when given, sorts the
    items, else they come in the order they were registered.
    """

    def __init__(
        self,
        holds: str,
        *,
        key: Callable[[T], Any] = by_key,
        order: Callable[[T], Any] | None = None,
    ):
        self.holds = holds
        self._key = key
        self._order = order
        self._items: dict[Any, T] = {}

    def __repr__(self) -> str:
        return f"<Registry of {self.holds}: {', '.join(map(str, self._items))}>"

    def register(self, item: T) -> T:
        key = self._key(item)
        if key in self._items:
            raise ImproperlyConfigured(f"{self.holds}: {key!r} is registered twice")
        self._items[key] = item
        return item

    def unregister(self, key: Any) -> None:
        del self._items[key]

    @contextmanager
    def registered(self, item: T) -> Iterator[T]:
        """Register `item` for the duration of a block (tests)."""
        self.register(item)
        try:
            yield item
        finally:
            self.unregister(self._key(item))

    def __getitem__(self, key: Any) -> T:
        """The item registered under `key`; KeyError names the registry when there is none."""
        try:
            return self._items[key]
        except KeyError:
            raise KeyError(f"The registry of {self.holds} holds no {key!r}") from None

    def get(self, key: Any, default: T | None = None) -> T | None:
        return self._items.get(key, default)

    def __contains__(self, key: Any) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        items = list(self._items.values())
        if self._order is not None:
            items.sort(key=self._order)
        return iter(items)

    def keys(self) -> list[Any]:
        return [self._key(item) for item in self]
