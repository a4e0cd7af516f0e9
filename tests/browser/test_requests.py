"""A team member asks for access in a real Chromium: choosing a channel offers only its roles."""

import pytest
from playwright.sync_api import Page, expect

from channels_registry.models import Platform, PlatformRole
from governance.models import AccessRequest
from tests.factories import ChannelFactory
from tests.support.browser import log_in, pick, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _labels(slug: str) -> list[str]:
    return [
        f"{r.name} ({r.get_privilege_level_display()})"
        for r in PlatformRole.objects.filter(platform__slug=slug).order_by("order", "name")
    ]


def test_choosing_a_channel_offers_only_its_roles_then_the_request_is_sent(
    live_server, page: Page, personas
):
    ChannelFactory(name="Acme News")  # Facebook
    ChannelFactory(name="Acme Jobs", platform=Platform.objects.get(slug="linkedin"))
    errors: list[str] = []
    watch(page, errors)
    log_in(page, f"{live_server.url}/access/requests/new/", personas.member.email)
    expect(page.get_by_role("heading", name="Request access", level=1)).to_be_visible()

    role = page.get_by_label("Role")
    # Typing takes the first match, and the roles follow the channel so chosen.
    page.get_by_role("searchbox", name="Search channels").fill("jobs")
    expect(
        page.get_by_text("The roles of LinkedIn Page, as the platform names them.")
    ).to_be_visible()
    linkedin = _labels("linkedin")
    expect(role.locator("option:not([value=''])")).to_have_text(linkedin)
    expect(role.locator("optgroup")).to_have_attribute("label", "LinkedIn Page")

    # Another channel, another platform: the field follows, with no reload of the page.
    page.evaluate("window.stillTheSamePage = true")
    pick(page, "Channel", "acme", "Acme News (Facebook)")
    expect(role.locator("option:not([value=''])")).to_have_text(_labels("facebook"))
    assert page.evaluate("window.stillTheSamePage") is True

    pick(page, "Channel", "acme", "Acme Jobs (LinkedIn Page)")
    expect(role.locator("option:not([value=''])")).to_have_text(linkedin)
    role.select_option(label=linkedin[1])
    page.get_by_label("Why do you need it?").fill("I post the job offers")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Request sent to the channel's owner.")).to_be_visible()

    sent = AccessRequest.objects.select_related("channel", "role").get()
    assert (sent.channel.name, sent.role.platform.slug, sent.person) == (
        "Acme Jobs",
        "linkedin",
        personas.member.person,
    )
    assert not errors, errors
