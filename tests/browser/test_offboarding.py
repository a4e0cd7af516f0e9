"""A lead off-boards a person and confirms every task, in a real Chromium."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import roles
from tests.factories import (
    PASSWORD,
    ChannelFactory,
    GrantFactory,
    PersonFactory,
    UserFactory,
    give_totp,
)
from tests.support.browser import pick
from tests.support.totp import fresh_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_lead_offboards_a_person_and_confirms_every_task(live_server, page: Page):
    lead = UserFactory(
        email="lucie@example.org", full_name="Lucie Lead", roles=[roles.GOVERNANCE_LEAD]
    )
    secret = give_totp(lead)
    leaver = PersonFactory(first_name="Léa", last_name="Leaver", email="lea@example.org")
    successor = PersonFactory(first_name="Sam", last_name="Successor", email="sam@example.org")
    # Owners without an account: the lead is the assignee of every task.
    one = ChannelFactory(name="Acme One", backup_owner=leaver)
    two = ChannelFactory(name="Acme Two")
    assert one.business_owner.user is None and two.business_owner.user is None
    GrantFactory(channel=one, person=leaver)
    GrantFactory(channel=two, person=leaver)
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    # Log in through the MFA step with a code computed here, landing on the person's page.
    person_url = f"{live_server.url}/access/people/{leaver.pk}/"
    page.goto(person_url)
    page.get_by_label("Email").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_label("Code").fill(fresh_code(secret))
    page.get_by_label("Code").press("Enter")

    expect(page.get_by_role("heading", name="Léa Leaver", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Acme One")).to_have_count(2)  # held, and backed up
    expect(page.get_by_role("link", name="Acme Two")).to_be_visible()

    page.get_by_role("link", name="Start off-boarding").click()
    expect(page.get_by_role("heading", name="Off-board Léa Leaver")).to_be_visible()
    page.get_by_label("Reason").fill("Moves to another company")
    last_day = timezone.localdate() + dt.timedelta(days=10)
    page.get_by_label("Last day").fill(last_day.isoformat())
    page.get_by_label("Last day").press("Enter")

    expect(page.get_by_role("heading", name="Off-boarding of Léa Leaver")).to_be_visible()
    expect(page.get_by_text("0 of 3 done")).to_be_visible()
    tasks = page.locator("#tasks tbody tr")
    expect(tasks).to_have_count(3)
    expect(tasks.filter(has_text="Lucie Lead")).to_have_count(3)

    # Each "Confirm" link names its task; a hand-over also asks who takes over.
    steps = [
        ("Name a new backup owner Acme One", "Sam Successor <sam@example.org>"),
        ("Revoke access Acme One", None),
        ("Revoke access Acme Two", None),
    ]
    for done, (task, takes_over) in enumerate(steps, start=1):
        page.get_by_role("link", name=f"Confirm {task}").click()
        expect(page.get_by_role("button", name="Mark as done")).to_be_visible()
        page.get_by_label("Evidence").fill(f"Checked on the platform: {task}")
        if takes_over:
            pick(page, "Who takes over", takes_over.split()[0], takes_over)
        else:
            expect(page.get_by_label("Who takes over")).to_have_count(0)
        page.get_by_role("button", name="Mark as done").click()
        expect(page.get_by_role("heading", name="Off-boarding of Léa Leaver")).to_be_visible()
        expect(page.get_by_text(f"{done} of 3 done")).to_be_visible()
        expect(page.get_by_role("link", name=f"Confirm {task}")).to_have_count(0)

    expect(page.get_by_role("link", name=re.compile(r"^Confirm"))).to_have_count(0)
    expect(tasks.filter(has_text="Done")).to_have_count(3)
    expect(page.get_by_text("Completed", exact=True)).to_be_visible()

    page.goto(person_url)
    expect(page.get_by_role("heading", name="Léa Leaver Left", level=1)).to_be_visible()
    expect(page.get_by_text("No access held.")).to_be_visible()
    expect(page.get_by_role("link", name="Start off-boarding")).to_have_count(0)
    one.refresh_from_db()
    assert one.backup_owner == successor
    assert not errors, errors
