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
from tests.support.browser import log_in, watch

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
    watch(page, errors)

    # A team member logs in without a second factor and lands on the Access page.
    page.goto(f"{live_server.url}/access/")
    page.get_by_label("Email").fill(reviewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Access", level=1)).to_be_visible()

    page.get_by_role("main").get_by_role("link", name="My review items").click()
    expect(page.get_by_role("heading", name="My review items", level=1)).to_be_visible()
    progress = page.locator("#my-progress")
    expect(progress).to_contain_text("0 of 3 done")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    submit = page.get_by_role("button", name="Submit my decisions")
    expect(submit).to_have_count(0)  # nothing decided yet

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
    expect(submit).to_have_count(0)  # Chloe's item is still undecided: nothing to submit

    items = {
        item.person.first_name: item
        for item in ReviewItem.objects.filter(reviewer=reviewer).select_related("person")
    }
    assert (items["Anna"].decision, items["Anna"].comment) == ("keep", "Runs the weekly posts")
    assert items["Bruno"].decision == "revoke"
    assert items["Anna"].submitted_at and items["Bruno"].submitted_at
    assert (items["Chloe"].decision, items["Chloe"].submitted_at) == ("", None)
    assert not errors, errors


def test_select_all_decides_every_item_then_the_page_says_nothing_is_left(
    live_server, page: Page, campaign
):
    reviewer = campaign
    errors: list[str] = []
    watch(page, errors)
    log_in(page, f"{live_server.url}/access/reviews/mine/", reviewer.email)
    expect(page.get_by_role("heading", name="My review items", level=1)).to_be_visible()

    # The script (no inline code: the CSP forbids it) shows the box; the keyboard works it.
    everything = page.get_by_role("checkbox", name=re.compile("select every item"))
    picks = page.locator('tbody input[type="checkbox"][name="items"]')
    expect(picks).to_have_count(3)
    everything.focus()
    page.keyboard.press("Space")
    for n in range(3):
        expect(picks.nth(n)).to_be_checked()
    picks.nth(1).focus()
    page.keyboard.press("Space")
    expect(everything).not_to_be_checked()
    assert everything.evaluate("box => box.indeterminate") is True
    everything.focus()
    page.keyboard.press("Space")
    for n in range(3):
        expect(picks.nth(n)).to_be_checked()
    assert everything.evaluate("box => box.indeterminate") is False

    bulk = page.get_by_role("form", name="Decide the selected items")
    bulk.get_by_label("Decision for the selected items").select_option(label="Keep")
    bulk.get_by_label("Comment").fill("Still on the team")
    bulk.get_by_role("button", name="Apply to the selected items").click()
    expect(page.get_by_text("3 items decided.")).to_be_visible()
    expect(page.locator("#my-progress")).to_contain_text("3 of 3 done")

    page.get_by_role("button", name="Submit my decisions").click()
    expect(page.get_by_text("3 decisions submitted and locked.")).to_be_visible()
    expect(page.get_by_text("Nothing to review.")).to_be_visible()
    expect(page.get_by_role("button", name="Submit my decisions")).to_have_count(0)
    expect(page.get_by_role("button", name="Apply to the selected items")).to_have_count(0)
    expect(everything).to_have_count(0)
    assert set(ReviewItem.objects.filter(reviewer=reviewer).values_list("decision", flat=True)) == {
        "keep"
    }
    assert not ReviewItem.objects.filter(reviewer=reviewer, submitted_at__isnull=True).exists()
    assert not errors, errors
