"""What axe-core (WCAG 2.2 AA) and the page's width say of a page open in Chromium.

axe-core comes with axe-playwright-python (its own copy of axe.min.js, from PyPI); nothing is
fetched from a CDN. Only critical and serious violations count, as the issue's bar says."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_AXE = Axe()
OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}
COUNTED = ("critical", "serious")


def violations(page: Page) -> dict[str, str]:
    """The page's critical and serious violations: each rule's id, and its impact with the first
    elements that break it."""
    found = _AXE.run(page, options=OPTIONS).response["violations"]
    return {
        v["id"]: f"{v['impact']}: {', '.join(str(n['target'][0]) for n in v['nodes'][:3])}"
        for v in found
        if v["impact"] in COUNTED
    }


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return max(0, page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
