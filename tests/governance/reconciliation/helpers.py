"""Readings as a connector returns them, for the reconciliation's tests."""

from __future__ import annotations

import datetime as dt

from governance.reconciliation.connectors import Reading, SeenHolder

ADMIN = "Full control (admin)"
CONTENT = "Partial access: content"
INSIGHTS = "Partial access: insights"
NOW = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)


def seen(name: str, role: str = ADMIN, **fields) -> SeenHolder:
    return SeenHolder(name=name, role=role, **fields)


def reading(*holders: SeenHolder, at: dt.datetime = NOW, source: str = "file") -> Reading:
    return Reading(seen_at=at, holders=tuple(holders), source=source)


def of(person, role: str = ADMIN, **fields) -> SeenHolder:
    """The person as the platform lists them, with their e-mail."""
    return seen(person.full_name, role, email=person.email, **fields)
