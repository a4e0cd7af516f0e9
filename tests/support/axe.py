"""What axe-core (WCAG 2.2 AA) and the page's width say of a page open in Chromium.

axe-core comes with axe-playwright-python (its own copy of axe.min.js, from PyPI); nothing is
fetched from a CDN. Only critical and serious violations count, as the issue's bar says. A
context that opens many pages loads axe once for all of them (`with_axe`); `violations` loads
it into a page that has none."""

from __future__ import annotations

import json

from axe_playwright_python.base import AXE_FILE_PATH, AXE_SCRIPT
from playwright.sync_api import BrowserContext, Page

OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}
COUNTED = ("critical", "serious")


def with_axe(context: BrowserContext) -> BrowserContext:
    """The context, axe-core loaded into every page it opens from now on."""
    context.add_init_script(path=AXE_FILE_PATH)
    return context


def violations(page: Page) -> dict[str, str]:
    """The page's critical and serious violations: each rule's id, and its impact with the first
    elements that break it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    found = page.evaluate(f"axe.run(document, {json.dumps(OPTIONS)})")["violations"]
    return {
        v["id"]: f"{v['impact']}: {', '.join(str(n['target'][0]) for n in v['nodes'][:3])}"
        for v in found
        if v["impact"] in COUNTED
    }


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return max(0, page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


# The elements that reach past the window's right edge (inside no scrolling box), outer first.
WIDE_JS = """
() => {
  const limit = window.innerWidth + 1, found = [];
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.classList.length ? '.' + Array.from(e.classList).join('.') : '');
  const walk = e => {
    for (const child of e.children) {
      const style = getComputedStyle(child);
      if (child.getBoundingClientRect().right > limit) { found.push(name(child)); }
      if (!['auto', 'scroll', 'hidden'].includes(style.overflowX)) { walk(child); }
    }
  };
  walk(document.querySelector('main') || document.body);
  return found.slice(-3);
}
"""


def too_wide(page: Page) -> list[str]:
    """The innermost few elements wider than the window, to say what overflows."""
    return page.evaluate(WIDE_JS)


# The links of the page's navigation bars that reach past the window's right edge.
NAV_CUT_JS = """
() => Array.from(document.querySelectorAll('nav a')).filter(a => {
  const box = a.getBoundingClientRect();
  return box.width > 0 && box.right > window.innerWidth + 1;
}).map(a => a.innerText.trim()).slice(0, 3)
"""


def navigation_cut(page: Page) -> list[str]:
    """The navigation links a reader cannot see without scrolling a bar sideways."""
    return page.evaluate(NAV_CUT_JS)
