"""A lead filters the channel list by a risk flag and opens a channel, in a real Chromium."""

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from tests.factories import PASSWORD, ChannelFactory, UserFactory, give_totp
from tests.support.totp import fresh_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_filter_by_risk_flag_and_open_a_channel(live_server, page: Page):
    lead = UserFactory(
        email="lucie@example.org", full_name="Lucie Lead", roles=[roles.GOVERNANCE_LEAD]
    )
    secret = give_totp(lead)
    ChannelFactory(name="Acme Safe")
    ChannelFactory(name="Acme Lonely", backup_owner=None)

    # Log in through the MFA step with a code computed here.
    page.goto(f"{live_server.url}/channels/")
    page.get_by_label("Email").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_label("Code").fill(fresh_code(secret))
    page.get_by_label("Code").press("Enter")

    expect(page.get_by_role("heading", name="Channels", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Acme Safe")).to_be_visible()

    page.get_by_label("Risk").select_option(label="No backup owner")
    page.get_by_role("button", name="Filter").press("Enter")
    expect(page).to_have_url(
        f"{live_server.url}/channels/?q=&platform=&status=&team=&owner=&risk=no_backup&sort="
    )
    expect(page.get_by_role("link", name="Acme Safe")).to_have_count(0)

    page.get_by_role("link", name="Acme Lonely").press("Enter")
    expect(page.get_by_role("heading", name="Acme Lonely")).to_be_visible()
    expect(
        page.get_by_text("Name a backup owner, someone other than the business owner.")
    ).to_be_visible()
