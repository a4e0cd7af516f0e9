"""A lead publishes a new version of a policy, a team member accepts it with the keyboard, and the
lead sees the coverage move, in a real Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from governance import services
from governance.models import Acknowledgement
from tests.factories import (
    ChannelFactory,
    GrantFactory,
    PersonFactory,
    UserFactory,
    give_totp,
)
from tests.support.browser import log_in, watch
from tests.support.totp import fresh_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TITLE = "Acme social media policy"
BODY = (
    "# Social media policy\n"
    "\n"
    "Publish only from the accounts listed in the registry.\n"
    "\n"
    "Never share a password: use the team's password manager."
)
ADDED = "Report a lost or stolen phone to the governance team within one hour."


@pytest.fixture
def policy_in_force():
    """Version 1 is in force for the two holders of access; only Bruno accepted it."""
    lead = UserFactory(
        email="lucie@example.org", full_name="Lucie Lead", roles=[roles.GOVERNANCE_LEAD]
    )
    PersonFactory(user=lead, email=lead.email, first_name="Lucie", last_name="Lead")
    member = UserFactory(
        email="maya@example.org", full_name="Maya Member", roles=[roles.TEAM_MEMBER]
    )
    maya = PersonFactory(user=member, email=member.email, first_name="Maya", last_name="Member")
    other = UserFactory(
        email="bruno@example.org", full_name="Bruno Baker", roles=[roles.TEAM_MEMBER]
    )
    bruno = PersonFactory(user=other, email=other.email, first_name="Bruno", last_name="Baker")
    news = ChannelFactory(name="Acme News")
    GrantFactory(channel=news, person=maya)
    GrantFactory(channel=news, person=bruno)
    policy = services.policy_create(actor=lead, title=TITLE, kind="social_media_policy", body=BODY)
    services.policy_version_publish(actor=lead, version=policy.versions.get(number=1))
    services.policy_acknowledge(actor=other, policy=policy)
    return lead, give_totp(lead), member, policy


def test_lead_publishes_a_version_member_accepts_it_coverage_moves(
    live_server, page: Page, new_context, policy_in_force
):
    lead, secret, member, policy = policy_in_force
    errors: list[str] = []
    watch(page, errors)

    # The lead logs in through the MFA step and lands on the list: version 1, half accepted.
    log_in(page, f"{live_server.url}/policies/", lead.email)
    page.get_by_label("Code").fill(fresh_code(secret))
    page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("heading", name="Policies and guidelines", level=1)).to_be_visible()
    row = page.locator("#policies tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("Version 1")
    expect(row).to_contain_text("1 of 2 (50%)")

    # A new version: the form starts from the text in force; one line is added.
    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    page.get_by_role("link", name="Write a new version").click()
    expect(page.get_by_role("heading", name=f"New version of “{TITLE}”")).to_be_visible()
    text = page.get_by_label("Text")
    expect(text).to_have_value(BODY)
    text.fill(f"{BODY}\n\n{ADDED}")
    page.get_by_label("Summary of changes").fill("Lost phones are reported within one hour.")
    page.get_by_role("button", name="Save the draft").click()

    expect(page.get_by_text("Draft saved. A lead publishes it when it is ready.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"{TITLE}, version 2", level=1)).to_contain_text(
        "draft"
    )
    expect(page.locator("#policy-body")).to_contain_text(ADDED)
    page.get_by_role("button", name="Approve and publish").click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Version 2 is published and in force"))).to_be_visible()
    expect(page.get_by_role("heading", name="Version 2", exact=True)).to_be_visible()
    coverage = page.locator("#coverage")
    expect(coverage).to_contain_text("0 of 2 (0%)")  # Bruno accepted version 1 only

    # The team member, in a browser of their own, is asked to accept it.
    member_page = new_context().new_page()
    watch(member_page, errors)
    log_in(member_page, f"{live_server.url}/policies/", member.email)
    member_row = member_page.locator("#policies tbody tr").filter(has_text=TITLE)
    expect(member_row).to_contain_text("Version 2")
    expect(member_row.get_by_role("link", name="To accept")).to_be_visible()
    member_row.get_by_role("link", name=TITLE).click()
    expect(member_page.locator("#policy-body")).to_contain_text(ADDED)

    # Accepting needs no mouse.
    member_page.get_by_role("button", name="I have read and accept").focus()
    member_page.keyboard.press("Enter")
    expect(
        member_page.get_by_text(f"Thank you: you accepted version 2 of “{TITLE}”.")
    ).to_be_visible()
    expect(member_page.locator("#my-acknowledgement")).to_contain_text("You accepted version 2")
    expect(member_page.get_by_role("button", name="I have read and accept")).to_have_count(0)
    member_page.goto(f"{live_server.url}/policies/")
    expect(
        member_page.locator("#policies tbody tr")
        .filter(has_text=TITLE)
        .get_by_text("Accepted", exact=True)
    ).to_be_visible()

    # The lead reloads: the coverage moved, and the panel tells who accepted and who has not.
    page.reload()
    expect(coverage).to_contain_text("1 of 2 (50%)")
    acknowledgements = page.locator("#acknowledgements tbody tr")
    expect(acknowledgements).to_have_count(1)
    expect(acknowledgements).to_contain_text("Bruno Baker")
    page.get_by_role("link", name="Accepted", exact=True).click()
    expect(page.get_by_role("link", name="Accepted", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(acknowledgements).to_have_count(1)
    expect(acknowledgements).to_contain_text("Maya Member")

    # Comparing version 1 with version 2 shows the added line as inserted text.
    page.get_by_label("From version").select_option(label="Version 1")
    page.get_by_label("To version").select_option(label="Version 2")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Compare versions", level=1)).to_be_visible()
    added = page.locator("#diff tr.gv-diff-insert").filter(has_text=ADDED)
    expect(added.locator("ins")).to_have_text(ADDED)
    expect(page.locator("#diff tr.gv-diff-delete")).to_have_count(0)

    acknowledgement = Acknowledgement.objects.get(person__user=member)
    assert acknowledgement.version.number == 2
    policy.refresh_from_db()
    assert policy.current_version.number == 2
    assert policy.current_version.body.splitlines()[-1] == ADDED
    assert not errors, errors
