"""Every page of the authorization matrix's table, opened in Chromium at 1440 and 390 px, once in
English and once in French: axe-core finds no critical or serious violation of WCAG 2.2 AA, and
at 390 px nothing is wider than the window and no navigation link lies past its edge.

Who opens a page turns, page after page, through the personas the table lets see it (the lead,
the admin, the owner, a member, a partner, the auditor, an outsider, the logged out), so that
every persona's pages are walked without walking every page once per persona; which language
goes with which width alternates the same way, so that each language is seen at both widths.

What is still wrong is listed in KNOWN_PROBLEMS (tests/browser/known_page_problems.json), by
page and width: a problem not in the list fails, and so does a listed one that is gone, so the
list only shrinks. Set UPDATE_KNOWN_PAGE_PROBLEMS=1 to rewrite it."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tests.browser.test_every_form import PREFERENCE
from tests.support.axe import navigation_cut, overflow, too_wide, violations, with_axe
from tests.support.browsing import signed_in_context
from tests.test_authorization_matrix import (
    AREAS,
    EXPECTED,
    _area,
    _user,
    build_world,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KNOWN_PROBLEMS = Path(__file__).with_name("known_page_problems.json")
# URLs that answer a piece of a page for htmx to put in place, not a page: each, and why.
FRAGMENTS = {
    "core:pick": "a type-ahead picker's matches: the <option>s of its select "
    "(tests/browser/test_pickers.py checks the form that shows them)",
}
WIDTHS = (1440, 390)
LANGUAGES = ("en", "fr")


def _known() -> dict[str, dict[str, str]]:
    return json.loads(KNOWN_PROBLEMS.read_text()) if KNOWN_PROBLEMS.exists() else {}


def _visits(area: str, world) -> list[tuple[str, str, bool, str, tuple[tuple[int, str], ...]]]:
    """The area's pages: (its key, who opens it, whether they have just typed their password,
    its URL, and each width with its language)."""
    visits = []
    walked: Counter[str] = Counter()
    first_page: dict[str, tuple] = {}  # each persona's first page of the area, in case
    for url_name, rows in EXPECTED.items():
        if _area(url_name) != area or url_name in FRAGMENTS:
            continue
        for number, row in enumerate(rows):
            allowed = [p for p in PREFERENCE if row.expected.get(p) == 200]
            if row.method != "get" or not allowed:
                continue
            url = reverse(url_name, kwargs=row.kwargs(world)) + row.query
            for persona in allowed:
                first_page.setdefault(persona, (f"{url_name}#{number}", row.fresh, url))
            persona = min(allowed, key=lambda p: walked[p])  # the least walked yet, lead first
            walked[persona] += 1
            visits.append((f"{url_name}#{number}", persona, row.fresh, url))
    # A persona the turns passed over opens its first page too.
    visits += [(key, p, fresh, url) for p, (key, fresh, url) in first_page.items() if not walked[p]]
    return [
        (*visit, tuple(zip(WIDTHS, LANGUAGES if i % 2 == 0 else LANGUAGES[::-1], strict=True)))
        for i, visit in enumerate(visits)
    ]


def _allowed(area: str) -> set[str]:
    """The personas who may see at least one page of the area."""
    return {
        persona
        for url_name, rows in EXPECTED.items()
        if _area(url_name) == area and url_name not in FRAGMENTS
        for row in rows
        if row.method == "get"
        for persona in PREFERENCE
        if row.expected.get(persona) == 200
    }


def _problems(page, width: int) -> dict[str, str]:
    """What is wrong with the open page: axe's rules broken, and "overflow" at a phone's width;
    each with what shows it."""
    found = violations(page)
    if width < 576 and (wider := overflow(page)):
        found["overflow"] = f"wider than the window by {wider} px: {', '.join(too_wide(page))}"
    if width < 576 and (cut := navigation_cut(page)):
        found["navigation-cut"] = f"links past the window's edge: {', '.join(cut)}"
    return found


@pytest.mark.parametrize("area", AREAS)
def test_every_page_is_accessible_and_fits_a_phone(live_server, browser: Browser, personas, area):
    world = build_world(personas)
    visits = _visits(area, world)
    found: dict[str, dict[str, str]] = {}  # page → rule broken → where
    contexts: dict[tuple, BrowserContext] = {}  # one per persona and language, reused
    try:
        for key, persona, fresh, url, seen_at in visits:
            for width, language in seen_at:
                who = (persona, fresh, language)
                if who not in contexts:
                    contexts[who] = _context(browser, live_server, personas, who)
                problems = _check(contexts[who].new_page(), url, width)
                if problems is None:  # a download (CSV, calendar) is no page
                    break
                if problems:
                    found[f"{key} as {persona} at {width} in {language}"] = problems
    finally:
        for context in contexts.values():
            context.close()
    # Every persona whom the table lets see one of the area's pages opened some of them.
    assert {visit[1] for visit in visits} == _allowed(area)
    _compare(area, found)


def _context(browser: Browser, live_server, personas, who: tuple) -> BrowserContext:
    persona, fresh, language = who
    user = _user(personas, persona)
    return with_axe(signed_in_context(browser, live_server, user, language=language, fresh=fresh))


def _check(page: Page, url: str, width: int) -> dict[str, str] | None:
    """The page's problems at `width` ({} when none, or when it answers no HTML page), or None
    when the URL is a download."""
    try:
        page.set_viewport_size({"width": width, "height": 900})
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            assert "Download is starting" in str(error), error
            return None
        if response and response.ok and "html" in response.headers.get("content-type", ""):
            return _problems(page, width)
        return {}
    finally:
        page.close()


def _compare(area: str, found: dict[str, dict[str, str]]) -> None:
    """Fail on a problem the list does not know, and on a listed one that is gone."""
    everything = _known()
    known = {key: value for key, value in everything.items() if _area(key.split("#")[0]) == area}
    if os.environ.get("UPDATE_KNOWN_PAGE_PROBLEMS"):
        kept = {key: value for key, value in everything.items() if key not in known}
        KNOWN_PROBLEMS.write_text(
            json.dumps(dict(sorted((kept | found).items())), indent=1, ensure_ascii=False) + "\n"
        )
        return
    new = {
        key: {rule: where for rule, where in value.items() if rule not in known.get(key, {})}
        for key, value in found.items()
    }
    gone = {
        key: [rule for rule in value if rule not in found.get(key, {})]
        for key, value in known.items()
    }
    new, gone = {k: v for k, v in new.items() if v}, {k: v for k, v in gone.items() if v}
    assert not new, "New problems:\n" + json.dumps(new, indent=1, ensure_ascii=False)
    assert not gone, "Mended (take them out of known_page_problems.json):\n" + json.dumps(
        gone, indent=1
    )
