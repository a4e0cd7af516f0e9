"""The one way a test waits: poll a condition until it holds, or fail at a deadline.

A fixed sleep proves nothing about what happens after it; a condition says what "done" means.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    condition: Callable[[], T],
    timeout: float = 30.0,
    *,
    interval: float = 0.05,
    what: str | Callable[[], str] = "",
) -> T:
    """Call `condition` until it returns a true value, and return that value.

    Fails the test when `timeout` seconds pass first, naming `what` it awaited (or a function
    that says it then, with a log, say), else the condition's name.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            awaited = (what() if callable(what) else what) or getattr(
                condition, "__name__", repr(condition)
            )
            raise AssertionError(f"gave up after {timeout:g}s waiting for {awaited}")
        time.sleep(interval)
