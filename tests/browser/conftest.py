import os

import pytest

from tests.services import require_chromium

# Playwright's sync API runs an event loop in this thread; Django must allow ORM calls here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _chromium_present():
    require_chromium()


def pytest_collection_modifyitems(items) -> None:
    """The browser tests look at what a person meets; the other tests measure which lines run.
    Tracing the live server under every browser test would only slow the suite down."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.no_cover)
