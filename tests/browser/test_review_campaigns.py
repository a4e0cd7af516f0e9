"""A lead decides a whole campaign of review items in Chromium: My tasks shows one line for the
campaign, its page selects every item from the keyboard, one decision and a submit lock them,
and they stay shown, locked. axe-core and the page's width at 1440 and 390 px, in English and
French; screenshots go to /tmp/shots-review-campaigns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from governance import services
from governance.models import AccessReview, ReviewItem
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, role
from tests.support.axe import overflow, too_wide, violations
from tests.support.browser import watched_page
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-review-campaigns")
ITEMS = 37


def _campaign(lead, name: str, channels: list, per_channel: list[int], days: int) -> AccessReview:
    publish = role("facebook", "publish")
    n = 0
    for channel, count in zip(channels, per_channel, strict=True):
        for _ in range(count):
            n += 1
            holder = PersonFactory(first_name=f"{name.split()[0]}{n:02}", last_name="Holder")
            GrantFactory(channel=channel, person=holder, role=publish)
    review = services.review_create(
        actor=lead, name=name, due_on=timezone.localdate() + dt.timedelta(days=days)
    )
    return services.review_open(actor=lead, review=review)


@pytest.fixture
def campaigns(personas):
    """Channels whose owners have no login: their items go to the lead, first in line. A large
    campaign of 37 items, then a small one due later."""
    channels = [ChannelFactory(name=f"Acme Regional Page {n}") for n in range(4)]
    q4 = _campaign(personas.lead, "Q4 access review", channels, [10, 10, 10, 7], 12)
    assert q4.items.filter(reviewer=personas.lead).count() == ITEMS
    later = [ChannelFactory(name="Acme Jobs")]
    small = _campaign(personas.lead, "Partners review", later, [2], 30)
    return q4, small


def _check(page: Page, width: int, shot: str) -> None:
    page.screenshot(path=SHOTS / f"{shot}.png")  # what the window shows
    page.screenshot(path=SHOTS / f"{shot}-full.png", full_page=True)
    assert violations(page) == {}, shot
    if width == 390:
        assert overflow(page) == 0, (shot, too_wide(page))


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_the_lead_decides_a_whole_campaign_and_sees_it_locked(
    live_server, browser: Browser, personas, campaigns, language, width
):
    q4, small = campaigns
    SHOTS.mkdir(exist_ok=True)
    context = signed_in_context(browser, live_server, personas.lead, language=language, width=width)
    try:
        page, errors = watched_page(context)

        # My tasks: one line per campaign, not one per item, and the header says the same count.
        page.goto(reverse("governance:my_tasks"))
        section = page.locator("#tasks-review_item")
        lines = section.get_by_role("listitem")
        expect(lines).to_have_count(2)
        if language == "en":
            expect(lines.first).to_contain_text("Q4 access review: 37 items to decide")
            expect(lines.last).to_contain_text("Partners review: 2 items to decide")
        expect(page.locator("header .badge").first).to_have_text(
            str(page.locator("h1 .badge").inner_text())
        )
        _check(page, width, f"my-tasks-{language}-{width}")
        lines.first.get_by_role("link").click()
        mine = reverse("governance:my_review_items")
        expect(page).to_have_url(f"{live_server.url}{mine}?review={q4.pk}")

        # The campaign's page: all 37 items on one page, a select-all of its own.
        picks = page.locator(f'#campaign-{q4.pk} input[type="checkbox"][name="items"]')
        expect(picks).to_have_count(ITEMS)
        expect(page.locator(f"#campaign-{small.pk}")).to_have_count(0)
        _check(page, width, f"items-{language}-{width}")
        everything = page.locator(f"#select-all-{q4.pk}")
        expect(everything).to_be_visible()
        everything.focus()
        page.keyboard.press("Space")
        for n in range(ITEMS):
            expect(picks.nth(n)).to_be_checked()

        # One decision for them all, from the keyboard.
        bulk = page.locator("#bulk-form")
        bulk.locator("#bulk-decision").select_option("revoke")
        bulk.locator("#bulk-comment").fill("Regional pages merged")
        bulk.get_by_role("button").focus()
        page.keyboard.press("Enter")
        if language == "en":
            expect(page.get_by_text("37 items decided.")).to_be_visible()
        expect(page.locator("#my-progress")).to_contain_text("37")
        expect(picks).to_have_count(0)  # decided: changed in their own row, not ticked again

        page.locator('button[form="submit-decisions"]').focus()
        page.keyboard.press("Enter")
        if language == "en":
            expect(page.get_by_text("37 decisions submitted and locked.").first).to_be_visible()
        locked = page.locator(f"#campaign-{q4.pk} .gv-locked li")
        expect(locked).to_have_count(ITEMS)
        expect(locked.first).to_contain_text("Regional pages merged")
        expect(page.locator(f"#campaign-{q4.pk} select")).to_have_count(0)  # no control left
        expect(page.locator("#bulk-form")).to_have_count(0)
        _check(page, width, f"items-locked-{language}-{width}")

        # Every campaign: the small one still open to decisions, the large one locked.
        page.goto(mine)
        expect(page.locator(f'#campaign-{small.pk} input[name="items"]')).to_have_count(2)
        expect(page.locator(f"#campaign-{q4.pk} .gv-locked li")).to_have_count(ITEMS)
        _check(page, width, f"items-all-{language}-{width}")
    finally:
        context.close()
    mine = ReviewItem.objects.filter(review=q4)
    assert set(mine.values_list("decision", flat=True)) == {"revoke"}
    assert not mine.filter(submitted_at__isnull=True).exists()
    assert not small.items.exclude(decision="").exists()
    assert not errors, errors
