"""Every page of the authorization matrix's table, opened in Chromium by the first persona who
may see it, at 1440 and 390 px: axe-core finds no critical or serious violation of WCAG 2.2 AA,
and at 390 px nothing is wider than the window.

What is still wrong is listed in KNOWN_PROBLEMS (tests/browser/known_page_problems.json), by
page and width: a problem not in the list fails, and so does a listed one that is gone, so the
list only shrinks (issue 20 empties it). Set UPDATE_KNOWN_PAGE_PROBLEMS=1 to rewrite it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tests.browser.test_every_form import _pages
from tests.support.axe import overflow, too_wide, violations, with_axe
from tests.test_authorization_matrix import AREAS, _area, _reauthenticated, _user, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KNOWN_PROBLEMS = Path(__file__).with_name("known_page_problems.json")
WIDTHS = (1440, 390)


def _known() -> dict[str, dict[str, str]]:
    return json.loads(KNOWN_PROBLEMS.read_text()) if KNOWN_PROBLEMS.exists() else {}


def _session(client_user, fresh: bool, live_server) -> list[dict]:
    if client_user is None:
        return []
    client = Client()
    client.force_login(client_user)
    if fresh:
        _reauthenticated(client, client_user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]


def _problems(page, width: int) -> dict[str, str]:
    """What is wrong with the open page: axe's rules broken, and "overflow" at a phone's width;
    each with what shows it."""
    found = violations(page)
    if width < 576 and (wider := overflow(page)):
        found["overflow"] = f"wider than the window by {wider} px: {', '.join(too_wide(page))}"
    return found


@pytest.mark.parametrize("area", AREAS)
def test_every_page_is_accessible_and_fits_a_phone(live_server, browser: Browser, personas, area):
    world = build_world(personas)
    found: dict[str, dict[str, str]] = {}  # page → rule broken → where
    contexts: dict[tuple, BrowserContext] = {}  # one per persona and width, reused
    try:
        for (url_name, number), (persona, fresh), url in _pages(area, world):
            for width in WIDTHS:
                key = (persona, fresh, width)
                if key not in contexts:
                    contexts[key] = _context(browser, live_server, personas, key)
                problems = _check(contexts[key].new_page(), url, width)
                if problems is None:  # a download (CSV, calendar) is no page
                    break
                if problems:
                    found[f"{url_name}#{number} as {persona} at {width}"] = problems
    finally:
        for context in contexts.values():
            context.close()
    _compare(area, found)


def _context(browser: Browser, live_server, personas, key: tuple) -> BrowserContext:
    persona, fresh, width = key
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": width, "height": 900}
    )
    context.add_cookies(_session(_user(personas, persona), fresh, live_server))
    return with_axe(context)


def _check(page: Page, url: str, width: int) -> dict[str, str] | None:
    """The open page's problems ({} when none), or None when the URL is a download."""
    try:
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
