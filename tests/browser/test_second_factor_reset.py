"""An admin resets the second factor of someone who lost their phone, in Chromium, by the user
list's action, with the keyboard only: the authenticator is gone and the page says so. Screenshots
of the answer at 1440 and 390 px, in English and French, go to /tmp/shots-mfa-reset."""

from __future__ import annotations

from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Browser, expect

from tests.factories import give_totp
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-mfa-reset")
SAID = {"en": "1 user will set up a new second factor", "fr": "1 utilisateur configurera"}


@pytest.mark.parametrize(("language", "width"), [("en", 1440), ("fr", 390)])
def test_an_admin_resets_a_lost_second_factor(
    live_server, browser: Browser, personas, language, width
):
    give_totp(personas.owner)
    context = signed_in_context(
        browser, live_server, personas.admin, language=language, width=width
    )
    try:
        page = context.new_page()
        page.goto(f"/admin/accounts/user/?q={personas.owner.email}")
        page.locator(f"input[name=_selected_action][value='{personas.owner.pk}']").press("Space")
        page.locator("select[name=action]").select_option("reset_second_factors")
        with page.expect_navigation():
            page.locator(".actions button[type=submit]").press("Enter")
        expect(page.locator(".messagelist")).to_contain_text(SAID[language])
        assert not Authenticator.objects.filter(user=personas.owner).exists()
        assert Authenticator.objects.filter(user=personas.lead).exists()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SHOTS / f"reset-{language}-{width}.png", full_page=True)
    finally:
        context.close()
