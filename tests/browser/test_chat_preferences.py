"""A person chooses chat for their reminders in Chromium (the reminder preferences page): a
private address is refused on the form, a Slack URL is kept encrypted and shown back only as its
hint, and removed; a lead sets and removes a team's chat on its page; an admin adds one with a
private address allowed. Screenshots at 1440 and 390 px, in English and French, go to
/tmp/shots-chat."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from accounts.encryption import decrypt
from accounts.models import Person
from governance import services
from governance.models import ChatDestination, ReminderPreference
from tests.factories import TeamFactory
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
        expect(page.locator("main form").first).to_contain_text(destination.hint)
        assert "TIiajkdnlazkcOXrIdevi7FQ" not in page.content()
        assert page.locator("input[name=chat_url]").input_value() == ""
        page.screenshot(path=SHOTS / f"saved-{language}-{width}.png", full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_a_person_removes_their_chat_url(live_server, browser: Browser, personas, language, width):
    services.chat_destination_set(actor=personas.owner, user=personas.owner, url=SLACK)
    services.reminder_preference_set(actor=personas.owner, frequency="daily", send_by="chat")
    context = signed_in_context(
        browser, live_server, personas.owner, language=language, width=width
    )
    SHOTS.mkdir(exist_ok=True)
    try:
        page = context.new_page()
        page.goto("/access/my-tasks/preferences/")
        page.screenshot(path=SHOTS / f"removable-{language}-{width}.png", full_page=True)
        page.locator("main button.btn-outline-danger[type=submit]").click()
        expect(page).to_have_url(f"{live_server.url}/access/my-tasks/preferences/")
        expect(page.locator("main button.btn-outline-danger")).to_have_count(0)
        expect(page.locator("select[name=send_by]")).to_have_value("email")
        destination = ChatDestination.objects.get(user=personas.owner)
        assert (destination.url, destination.active) == ("", False) and destination.hint
        page.screenshot(path=SHOTS / f"removed-{language}-{width}.png", full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_a_lead_sets_and_removes_a_teams_chat(
    live_server, browser: Browser, personas, language, width
):
    team = TeamFactory(name="Social media")
    Person.objects.filter(user__in=[personas.owner, personas.member]).update(team=team)
    context = signed_in_context(browser, live_server, personas.lead, language=language, width=width)
    SHOTS.mkdir(exist_ok=True)
    try:
        page = context.new_page()
        # From a member's page, the team's name leads to the team's page.
        page.goto(f"/access/people/{personas.owner.person.pk}/")
        page.get_by_role("link", name="Social media").click()
        expect(page).to_have_url(f"{live_server.url}/access/teams/{team.pk}/")
        page.locator("input[name=url]").fill(SLACK)
        page.locator("select[name=language]").select_option("fr")
        page.locator("main button.btn-primary[type=submit]").click()
        expect(page.locator("#team-chat-current")).to_contain_text("slack://")
        destination = ChatDestination.objects.get(team=team)
        assert decrypt(destination.url) == SLACK and destination.language == "fr"
        assert "TIiajkdnlazkcOXrIdevi7FQ" not in page.content()
        page.screenshot(path=SHOTS / f"team-{language}-{width}.png", full_page=True)
        page.locator("main button.btn-outline-danger[type=submit]").click()
        expect(page.locator("main button.btn-outline-danger")).to_have_count(0)
        destination.refresh_from_db()
        assert (destination.url, destination.active) == ("", False)
        page.screenshot(path=SHOTS / f"team-removed-{language}-{width}.png", full_page=True)
    finally:
        context.close()


def test_an_admin_adds_a_chat_destination_allowing_a_private_address(
    live_server, browser: Browser, personas
):
    team = TeamFactory(name="Support")
    context = signed_in_context(browser, live_server, personas.admin)
    SHOTS.mkdir(exist_ok=True)
    try:
        page = context.new_page()
        page.goto("/admin/governance/chatdestination/add/")
        page.locator("#id_team + .select2 .select2-selection").click()
        page.locator(".select2-search__field").fill("Supp")
        page.locator(".select2-results__option", has_text="Support").click()
        page.locator("input[name=new_url]").fill("json://127.0.0.1:9/hook/s3cr3tT0ken")
        page.locator("input[name=allow_private_network]").check()
        page.screenshot(path=SHOTS / "admin-add-en-1440.png", full_page=True)
        page.locator("input[name=_continue]").click()
        expect(page.locator(".messagelist .success")).to_be_visible()
        destination = ChatDestination.objects.get(team=team)
        assert destination.allow_private_network and destination.service == "JSON"
        assert "s3cr3tT0ken" not in page.content()
        page.screenshot(path=SHOTS / "admin-change-en-1440.png", full_page=True)
    finally:
        context.close()
