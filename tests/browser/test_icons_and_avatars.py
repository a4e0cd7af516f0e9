"""Platform icons and people's avatars in Chromium, as a governance lead, on every page that shows
them: decorative (no axe-core serious violation, none in the accessibility tree), nothing wider
than a phone, at 1440 and 390 px, in English and French. Screenshots go to /tmp/shots-icons."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from channels_registry.models import Platform
from tests.factories import ChannelFactory, GrantFactory, PersonFactory
from tests.support.axe import overflow, too_wide, violations
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-icons")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_icons_and_avatars_are_decorative(live_server, browser: Browser, personas, language, width):
    SHOTS.mkdir(exist_ok=True)
    person = PersonFactory(first_name="Ines", last_name="Quillard")
    for platform in Platform.objects.filter(slug__in=["facebook", "linkedin", "snapchat", "x"]):
        GrantFactory(person=person, channel=ChannelFactory(platform=platform, url=""))
    pages = {
        "channels": reverse("channels_registry:index"),
        "platforms": reverse("channels_registry:platforms"),
        "evaluations": reverse("audits:platforms"),
        "people": reverse("governance:people"),
        "person": reverse("governance:person", args=[person.pk]),
    }
    context = signed_in_context(browser, live_server, personas.lead, language=language, width=width)
    try:
        page = context.new_page()
        for name, url in pages.items():
            page.goto(url)
            page.screenshot(path=SHOTS / f"{name}-{language}-{width}.png", full_page=True)
            expect(page.locator(".gv-platform-icon, .gv-avatar").first).to_be_attached()
            hidden = page.locator(".gv-platform-icon, .gv-avatar")
            assert (
                hidden.count()
                == page.locator(
                    ".gv-platform-icon[aria-hidden=true], .gv-avatar[aria-hidden=true]"
                ).count()
            )
            assert violations(page) == {}, name
            assert overflow(page) == 0, (name, too_wide(page))
    finally:
        context.close()
