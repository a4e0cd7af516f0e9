"""The access matrix in Chromium, as a governance lead: at 1440 px its last column and the person
column are both in view once scrolled right (the person column and the header are sticky), a
channel's whole name shows on keyboard focus, one person's whole row is reached with the search
form, and axe-core finds no serious violation at 1440 and 390 px, in English and French.
Screenshots go to /tmp/shots-matrix."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Locator, Page, expect

from channels_registry.models import Platform
from governance.access.matrix import COLUMNS_PER_PAGE
from tests.factories import ChannelFactory, GrantFactory, PartnerFactory, PersonFactory, role
from tests.support.axe import overflow, too_wide, violations
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-matrix")
LONG = "Service clients Île-de-France et Hauts-de-France (réclamations)"


def _world():
    """Channels enough for two pages of columns, on several platforms, one with a long name;
    people enough for two pages of rows; Ines holds access only on the very last channel."""
    platforms = list(
        Platform.objects.filter(slug__in=["facebook", "instagram", "linkedin", "x"]).order_by(
            "name"
        )
    )
    channels = [
        ChannelFactory(
            name=LONG if i == 4 else f"Acme {platforms[i % 4].name} {i:02}",
            platform=platforms[i % 4],
            url="",
        )
        for i in range(COLUMNS_PER_PAGE + 6)
    ]
    for i in range(45):
        person = PersonFactory(partner=PartnerFactory() if i % 5 == 0 else None)
        for channel in channels[i % 7 :: 7]:
            GrantFactory(person=person, channel=channel)
    ordered = sorted(channels, key=lambda c: (c.platform.name, c.name, c.pk))
    last = ordered[-1]
    ines = PersonFactory(first_name="Ines", last_name="Quillard")
    GrantFactory(person=ines, channel=last, role=role(last.platform.slug, "admin"))
    return ordered, ines


# Whether the matrix's top left cell sits in its scrolling box's top left corner (2 px allowed).
STUCK = """() => {
  const corner = document.querySelector("th.gv-corner").getBoundingClientRect();
  const region = document.querySelector(".gv-matrix").getBoundingClientRect();
  return Math.abs(corner.top - region.top) <= 2 && Math.abs(corner.left - region.left) <= 2;
}"""


def _region(page: Page) -> Locator:
    return page.locator(".gv-matrix")


def _inside(page: Page, cell: Locator) -> bool:
    """Whether the cell is wholly inside the matrix's scrolling box and the window."""
    box, region = cell.bounding_box(), _region(page).bounding_box()
    assert box is not None and region is not None
    width = page.viewport_size["width"]
    return (
        box["x"] >= region["x"] - 1
        and box["x"] + box["width"] <= min(region["x"] + region["width"], width) + 1
    )


def test_sticky_columns_focus_names_and_whole_row(live_server, browser: Browser, personas):
    SHOTS.mkdir(exist_ok=True)
    ordered, ines = _world()
    context = signed_in_context(browser, live_server, personas.lead, width=1440)
    try:
        page = context.new_page()
        page.goto(reverse("governance:matrix"))
        first_page = ordered[:COLUMNS_PER_PAGE]
        headers = page.locator("th.gv-col")
        expect(headers).to_have_count(COLUMNS_PER_PAGE)
        # The region is reached with the keyboard and scrolls with it.
        _region(page).focus()
        expect(_region(page)).to_be_focused()
        page.keyboard.press("End")
        _region(page).evaluate("el => { el.scrollLeft = el.scrollWidth; el.scrollTop = 300; }")
        # The header and the person column stick to the box's corner (once the keyboard's
        # smooth scroll has come to rest).
        page.wait_for_function(STUCK, timeout=5_000)
        page.screenshot(path=SHOTS / "scrolled-en-1440.png")
        assert _inside(page, headers.last), "the last column is cut"
        person_cell = page.locator("th.gv-person").nth(8)
        assert _inside(page, person_cell), "the person column scrolled away"
        # The long name, clipped to two lines, shows whole on keyboard focus.
        long_header = page.locator("th.gv-col", has=page.get_by_role("link", name=LONG))
        assert LONG in [c.name for c in first_page]
        long_header.get_by_role("link").focus()
        tip = long_header.locator(".gv-tip")
        expect(tip).to_be_visible()
        expect(tip).to_have_text(LONG)
        page.screenshot(path=SHOTS / "focused-name-en-1440.png")
        # Ines's one grant is on the last channel, on the second page of columns.
        page.get_by_label("Person", exact=True).fill("quillard")
        page.get_by_role("button", name="Filter").click()
        expect(page.locator("th.gv-person")).to_have_count(1)
        expect(page.locator("th.gv-person")).to_contain_text("Ines Quillard")
        expect(page.locator("th.gv-col")).to_have_count(len(ordered))
        _region(page).evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        last_cell = page.locator("tbody tr").first.locator("td").last
        expect(last_cell).to_have_class("gv-cell gv-admin")
        assert _inside(page, last_cell) and _inside(page, page.locator("th.gv-person"))
        page.screenshot(path=SHOTS / "whole-row-en-1440.png")
        # From the paged matrix, a row's "All channels" link gives the same.
        whole_row = page.get_by_role("link", name="All channels (Ines Quillard)")
        for number in (1, 2):  # her page depends on the other people's random names
            page.goto(reverse("governance:matrix") + f"?people={number}")
            if whole_row.count():
                break
        whole_row.click()
        expect(page.locator("th.gv-col")).to_have_count(len(ordered))
        assert f"person={ines.pk}" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_matrix_passes_axe_and_fits(live_server, browser: Browser, personas, language, width):
    SHOTS.mkdir(exist_ok=True)
    _world()
    context = signed_in_context(browser, live_server, personas.lead, language=language, width=width)
    try:
        page = context.new_page()
        for name, query in (("paged", ""), ("whole-row", "?q=quillard")):
            page.goto(reverse("governance:matrix") + query)
            with translation.override(language):
                assert page.title().startswith(translation.gettext("Access matrix"))
            page.screenshot(path=SHOTS / f"{name}-{language}-{width}.png", full_page=True)
            assert violations(page) == {}
            assert overflow(page) == 0, too_wide(page)
    finally:
        context.close()
