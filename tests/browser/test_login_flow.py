"""A person logs in with the keyboard in a real Chromium and sees the home page."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from tests.factories import PASSWORD, PersonFactory, UserFactory
from tests.support.browser import watch
from tests.support.totp import fresh_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_log_in_and_see_home(live_server, page: Page):
    user = UserFactory(email="maya@example.org", full_name="Maya Member", roles=[roles.TEAM_MEMBER])
    PersonFactory(user=user, email=user.email)
    errors: list[str] = []
    watch(page, errors)

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label("Email").fill("maya@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")

    expect(page.get_by_role("heading", name="Welcome, Maya")).to_be_visible()
    navigation = page.get_by_role("navigation")
    for area in ("Channels", "Access", "Policies", "Roadmap"):
        expect(navigation.get_by_role("link", name=area, exact=True)).to_be_visible()
    # A team member does not enter the audits: the area is not offered.
    expect(navigation.get_by_role("link", name="Audits", exact=True)).to_have_count(0)
    assert not errors, errors  # no CSP violation or script error

    # The language switch works from the keyboard.
    page.get_by_role("button", name="Language").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Français").press("Enter")
    expect(page.get_by_role("heading", name="Bienvenue, Maya")).to_be_visible()


def test_a_new_admin_sets_up_their_second_factor_straight_after_logging_in(live_server, page: Page):
    UserFactory(email="ada@example.org", full_name="Ada Admin", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")

    # Straight to the set-up: the password just typed is not asked for again.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(fresh_code(secret))
    page.get_by_label("Authenticator code").press("Enter")
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
