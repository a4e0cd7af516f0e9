"""An admin finds the reminders that could not be delivered and sends them again, in Chromium:
from the dashboard's line to the outbox's filter and its action, by keyboard, in both languages
and at both widths (screenshots go to SCREENSHOTS_DIR when it is set)."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from governance.models import Reminder
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1440, "phone": 390}


def _admin_page(browser: Browser, live_server, user, *, width: int, language: str) -> Page:
    context = signed_in_context(
        browser, live_server, user, language=language, width=width, timeout_ms=15_000
    )
    return context.new_page()


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _failed(personas) -> Reminder:
    return Reminder.objects.create(
        kind="offboarding_task",
        item_id=1,
        recipient=personas.owner,
        stage="due",
        period="0",
        dedup_key="offboarding_task:1:owner:due:0",
        title="Revoke access: Acme page (Léa Leaver)",
        params={"kind": "revoke", "channel": "Acme page", "subject": "Léa Leaver"},
        url="/access/tasks/1/",
        urgent=True,
        attempts=8,
        failed_at=timezone.now(),
        last_error="SMTPServerDisconnected: gone",
    )


def test_an_admin_sends_failed_reminders_again_in_chromium(live_server, browser, personas):
    row = _failed(personas)
    page = _admin_page(browser, live_server, personas.admin, width=1440, language="en")
    try:
        page.goto(reverse("home"))
        expect(page.locator("#reminders-failed")).to_contain_text("1 reminder could not")
        page.get_by_role("link", name="See them and send them again").press("Enter")
        expect(page.get_by_role("cell", name="SMTPServerDisconnected: gone")).to_be_visible()
        page.get_by_role("checkbox", name=re.compile("Select this object")).press("Space")
        page.get_by_label("Action:").select_option(label="Send the selected failed reminders again")
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            page.get_by_role("button", name="Go").press("Enter")
        assert sent.value.status == 302
        expect(page.get_by_text("1 failed reminder is owed again")).to_be_visible()
    finally:
        page.context.close()
    row.refresh_from_db()
    assert row.failed_at is None and row.sent_at is not None  # eager digest: sent on commit
    assert [m.to for m in mail.outbox] == [[personas.owner.email]]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_delivery_pages_fit_the_screen(live_server, browser, personas, language, width):
    _failed(personas)
    page = _admin_page(browser, live_server, personas.admin, width=WIDTHS[width], language=language)
    try:
        for name, url in (
            ("home", reverse("home")),
            ("outbox", reverse("admin:governance_reminder_changelist") + "?state=failed"),
        ):
            page.goto(url)
            expect(page.locator("html")).to_have_attribute("lang", language)
            _shot(page, f"reminders-{name}-{width}-{language}")
        page.goto(reverse("home"))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the dashboard is {overflow}px wider than the screen"
    finally:
        page.context.close()
