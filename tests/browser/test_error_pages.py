"""The 404 and 403 pages in Chromium, as a team member, at 1440 and 390 px, in English and
French: the header, the way home, no serious axe-core violation, nothing wider than a phone.
Screenshots go to /tmp/shots-errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, expect

from tests.support.axe import overflow, violations
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-errors")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_error_pages_show_the_way_back(live_server, browser: Browser, personas, language, width):
    SHOTS.mkdir(exist_ok=True)
    member = personas.member
    refused = reverse("governance:offboarding_start", args=[member.person.pk])
    context = signed_in_context(browser, live_server, member, language=language, width=width)
    try:
        page = context.new_page()
        for status, path in ((404, "/no-such-page/"), (403, refused)):
            response = page.goto(path)
            assert response is not None and response.status == status
            with translation.override(language):
                home = translation.gettext("Back to the home page")
            page.screenshot(path=SHOTS / f"{status}-{language}-{width}.png", full_page=True)
            assert violations(page) == {}
            assert overflow(page) == 0
            page.get_by_role("link", name=home).click()
            expect(page).to_have_url(f"{live_server.url}{reverse('home')}")
    finally:
        context.close()
