"""A channel owner decides their access review items with the keyboard, in a real Chromium."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import roles
from governance import services
from governance.models import ReviewItem
from tests.factories import (
    PASSWORD,
    ChannelFactory,
    GrantFactory,
    PersonFactory,
    UserFactory,
    role,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def campaign():
    """Olivia owns two channels; three other people publish on them; a lead opens a campaign."""
    lead = UserFactory(
        email="lucie@example.org", full_name="Lucie Lead", roles=[roles.GOVERNANCE_LEAD]
    )
    reviewer = UserFactory(
        email="olivia@example.org", full_name="Olivia Owner", roles=[roles.TEAM_MEMBER]
    )
    person = PersonFactory(
        user=reviewer, email=reviewer.email, first_name="Olivia", last_name="Owner"
    )
    news = ChannelFactory(name="Acme News", business_owner=person)
    jobs = ChannelFactory(name="Acme Jobs", business_owner=person)
    publish = role("facebook", "publish")
    for channel, first, last in (
        (news, "Anna", "Archer"),
        (news, "Bruno", "Baker"),
        (jobs, "Chloe", "Carter"),
    ):
        holder = PersonFactory(first_name=first, last_name=last, email=f"{first}@example.org")
        GrantFactory(channel=channel, person=holder, role=publish)
    review = services.review_create(
        actor=lead, name="Autumn review", due_on=timezone.localdate() + dt.timedelta(days=14)
    )
    review = services.review_open(actor=lead, review=review)
    assert review.items.filter(reviewer=reviewer).count() == 3
    return reviewer


def test_team_member_decides_review_items_with_the_keyboard(live_server, page: Page, campaign):
    reviewer = campaign
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    # A team member logs in without a second factor and lands on the Access page.
    page.goto(f"{live_server.url}/access/")
    page.get_by_label("Email").fill(reviewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Access", level=1)).to_be_visible()

    page.get_by_role("link", name="My review items").click()
    expect(page.get_by_role("heading", name="My review items", level=1)).to_be_visible()
    progress = page.locator("#my-progress")
    expect(progress).to_contain_text("0 of 3 done")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)

    # htmx swaps the row and the progress in place: the page is never reloaded.
    page.evaluate("window.stillTheSamePage = true")

    anna = page.get_by_role("row").filter(has_text="Anna Archer")
    anna.get_by_label("Decision", exact=True).select_option(label="Keep")
    anna.get_by_label("Comment").fill("Runs the weekly posts")
    anna.get_by_label("Comment").press("Enter")
    expect(anna.get_by_role("status")).to_have_text("Decided: Keep")
    expect(progress).to_contain_text("1 of 3 done")

    bruno = page.get_by_role("row").filter(has_text="Bruno Baker")
    bruno.get_by_label("Decision", exact=True).select_option(label="Revoke")
    bruno.get_by_role("button", name=re.compile(r"^Save")).press("Enter")
    expect(bruno.get_by_role("status")).to_have_text("Decided: Revoke")
    expect(progress).to_contain_text("2 of 3 done")

    assert page.evaluate("window.stillTheSamePage") is True
    expect(
        page.get_by_role("row").filter(has_text="Chloe Carter").get_by_role("status")
    ).to_have_count(0)

    page.get_by_role("button", name="Submit my decisions").click()
    expect(page.get_by_text("2 decisions submitted and locked.")).to_be_visible()
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Chloe Carter")
    expect(progress).to_contain_text("2 of 3 done")

    items = {
        item.person.first_name: item
        for item in ReviewItem.objects.filter(reviewer=reviewer).select_related("person")
    }
    assert (items["Anna"].decision, items["Anna"].comment) == ("keep", "Runs the weekly posts")
    assert items["Bruno"].decision == "revoke"
    assert items["Anna"].submitted_at and items["Bruno"].submitted_at
    assert (items["Chloe"].decision, items["Chloe"].submitted_at) == ("", None)
    assert not errors, errors
