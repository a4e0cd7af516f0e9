"""Tests that need a date travel to it: every service then sees that day, not the real one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import time_machine

PARIS = ZoneInfo("Europe/Paris")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """`day` at `hour`, in the organisation's time zone."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


@contextmanager
def on(day: dt.date, hour: int = 10) -> Iterator[None]:
    """The clock reads `day` at `hour` and keeps ticking."""
    with time_machine.travel(at(day, hour), tick=True):
        yield
