"""A person chooses chat for their reminders in Chromium (the reminder preferences page): a
private address is refused on the form, a Slack URL is kept encrypted and shown back only as its
hint. Screenshots at 1440 and 390 px, in English and French, go to /tmp/shots-chat."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from accounts.encryption import decrypt
from governance.models import ChatDestination, ReminderPreference
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-chat")
SLACK = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general"


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_a_person_sends_their_reminders_to_chat(
    live_server, browser: Browser, personas, language, width
):
    context = signed_in_context(
        browser, live_server, personas.owner, language=language, width=width
    )
    SHOTS.mkdir(exist_ok=True)
    try:
        page = context.new_page()
        page.goto("/access/my-tasks/preferences/")
        page.locator("select[name=send_by]").select_option("chat")
        page.locator("select[name=language]").select_option(language)
        page.locator("input[name=chat_url]").fill("json://127.0.0.1:9/hook")
        page.locator("main button.btn-primary[type=submit]").click()
        expect(page.locator(".invalid-feedback, .errorlist").first).to_contain_text("127.0.0.1")
        page.screenshot(path=SHOTS / f"refused-{language}-{width}.png", full_page=True)
        assert not ChatDestination.objects.exists()
        page.locator("input[name=chat_url]").fill(SLACK)
        page.locator("main button.btn-primary[type=submit]").click()
        expect(page).to_have_url(f"{live_server.url}/access/my-tasks/")
        destination = ChatDestination.objects.get(user=personas.owner)
        assert decrypt(destination.url) == SLACK and destination.service == "Slack"
        preference = ReminderPreference.objects.get(user=personas.owner)
        assert (preference.send_by, preference.language) == ("chat", language)
        page.goto("/access/my-tasks/preferences/")
        expect(page.locator("main form")).to_contain_text(destination.hint)
        assert "TIiajkdnlazkcOXrIdevi7FQ" not in page.content()
        assert page.locator("input[name=chat_url]").input_value() == ""
        page.screenshot(path=SHOTS / f"saved-{language}-{width}.png", full_page=True)
    finally:
        context.close()
