"""Type-ahead pickers in a real Chromium, with the keyboard only: a lead grants access by typing
part of a person's name, and filters the channel list by an owner found the same way (a search
after the session ended says so and changes nothing). The grant
form with its matches shown has no serious axe violation and fits 390 px; screenshots at 1440
and 390 px, in English and French, go to /tmp/picker-shots. A lead prepares an audit of two
channels, each found by typing and ticked with the space bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, expect

from audits.models import Audit
from governance.models import AccessGrant
from tests.factories import ChannelFactory, PersonFactory
from tests.support.axe import overflow, too_wide, violations
from tests.support.browser import watched_page
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/picker-shots")


def _people():
    """Two people whose names start alike, among others."""
    zoe = PersonFactory(first_name="Zoé", last_name="Quillard", email="zoe.quillard@example.org")
    quentin = PersonFactory(first_name="Quentin", last_name="Quillon", email="qq@example.org")
    for _ in range(30):
        PersonFactory()
    return zoe, quentin


def test_a_lead_grants_access_typing_part_of_a_name_with_the_keyboard_only(
    live_server, browser: Browser, personas
):
    channel = ChannelFactory(name="Acme News")
    zoe, quentin = _people()
    context = signed_in_context(browser, live_server, personas.lead)
    try:
        page, errors = watched_page(context)
        url = reverse("governance:grant_create", args=[channel.pk])
        page.goto(url)
        person = page.locator("select#id_person")
        # Nobody is listed before a search: the page no longer carries the whole directory.
        expect(person.locator("option")).to_have_count(0)

        page.get_by_role("searchbox", name="Search people").focus()
        page.keyboard.type("quill")
        expect(person.locator("option")).to_have_text(
            ["Zoé Quillard <zoe.quillard@example.org>", "Quentin Quillon <qq@example.org>"]
        )
        # The first match is chosen: the select shows what the form would post.
        expect(person).to_have_value(str(zoe.pk))
        expect(page.locator("#id_person_status")).to_have_text("Matches shown in the list: 2.")
        # Enter searches; it does not send the form.
        page.keyboard.press("Enter")
        expect(page.get_by_role("searchbox", name="Search people")).to_be_focused()
        assert page.url.endswith(url)

        page.keyboard.press("Tab")
        expect(person).to_be_focused()
        page.keyboard.press("ArrowDown")
        expect(person).to_have_value(str(quentin.pk))
        page.keyboard.press("ArrowUp")
        expect(person).to_have_value(str(zoe.pk))

        page.keyboard.press("Tab")
        expect(page.locator("select#id_role")).to_be_focused()
        page.keyboard.press("ArrowDown")  # the platform's first role
        page.keyboard.press("Tab")  # how access is held: as it comes
        page.keyboard.press("Tab")
        expect(page.get_by_label("Justification")).to_be_focused()
        page.keyboard.type("Publishes the news")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Zoé Quillard now holds")).to_be_visible()
    finally:
        context.close()

    grant = AccessGrant.objects.get(channel=channel)
    assert grant.person == zoe and grant.justification == "Publishes the news"
    assert grant.granted_by == personas.lead
    assert not errors, errors


def test_the_channel_list_is_filtered_by_an_owner_found_by_typing(
    live_server, browser: Browser, personas
):
    otto = PersonFactory(first_name="Otto", last_name="Quarrie", email="otto@example.org")
    ChannelFactory(name="Acme Otto", business_owner=otto)
    ChannelFactory(name="Acme Backed", backup_owner=otto)
    ChannelFactory(name="Acme Other")
    context = signed_in_context(browser, live_server, personas.lead)
    try:
        page, errors = watched_page(context)
        page.goto(reverse("channels_registry:index"))
        owner = page.locator("select#id_owner")
        expect(owner.locator("option")).to_have_text(["---------"])

        page.get_by_role("searchbox", name="Search people").focus()
        page.keyboard.type("quarr")
        expect(owner).to_have_value(str(otto.pk))
        page.keyboard.press("Tab")
        expect(owner).to_be_focused()
        for _ in range(3):  # the risk, the sorting, the button
            page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Filter")).to_be_focused()
        page.keyboard.press("Enter")

        expect(page).to_have_url(
            f"{live_server.url}/channels/?q=&platform=&status=&team=&owner={otto.pk}&risk=&sort="
        )
        expect(page.get_by_role("link", name="Acme Otto")).to_be_visible()
        expect(page.get_by_role("link", name="Acme Backed")).to_be_visible()
        expect(page.get_by_role("link", name="Acme Other")).to_have_count(0)
        # The filter shows its choice again, and only it.
        expect(owner.locator("option:checked")).to_have_text("Otto Quarrie <otto@example.org>")
        expect(owner.locator("option")).to_have_count(2)

        # The session ends (logged out in another tab): a search says so under the box and
        # leaves the choice as it was, instead of filling the select with the login page.
        context.clear_cookies()
        page.get_by_role("searchbox", name="Search people").fill("zzz")
        expect(page.get_by_text("Your session has ended: log in again")).to_be_visible()
        expect(owner.locator("option")).to_have_count(2)
        expect(owner).to_have_value(str(otto.pk))
    finally:
        context.close()
    # The refused search is the only error the page met.
    assert errors and all("401" in error for error in errors), errors


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_the_pickers_with_their_matches_are_accessible_and_fit(
    live_server, browser: Browser, personas, language, width
):
    channel = ChannelFactory(name="Acme News")
    ChannelFactory(name="Acme Shop")
    ChannelFactory(name="Acme Jobs")
    _people()
    SHOTS.mkdir(exist_ok=True)
    context = signed_in_context(browser, live_server, personas.lead, language=language, width=width)
    with translation.override(language):
        search_people = gettext("Search people")
        search_channels = gettext("%(search)s (%(field)s)") % {
            "search": gettext("Search channels"),
            "field": gettext("Channels"),
        }
    try:
        page = context.new_page()
        page.goto(reverse("governance:grant_create", args=[channel.pk]))
        page.get_by_role("searchbox", name=search_people).fill("qu")
        expect(page.locator("select#id_person option")).not_to_have_count(0)
        assert violations(page) == {}
        assert overflow(page) == 0, too_wide(page)
        page.screenshot(path=SHOTS / f"grant-form-{language}-{width}.png", full_page=True)
        # A closed select shows one line: opened as a list box, the screenshot shows the matches.
        page.locator("select#id_person").evaluate("select => { select.size = 6; }")
        page.screenshot(path=SHOTS / f"grant-form-matches-{language}-{width}.png", full_page=True)

        # A picker of several rows: one chosen, the matches of a search under it.
        page.goto(reverse("audits:create"))
        page.get_by_role("searchbox", name=search_channels).fill("acme")
        page.locator("#id_channels_matches input").first.check()
        page.get_by_role("searchbox", name=search_channels).fill("a")
        expect(page.locator("#id_channels_chosen input:checked")).to_have_count(1)
        expect(page.locator("#id_channels_matches input")).not_to_have_count(0)
        assert violations(page) == {}
        assert overflow(page) == 0, too_wide(page)
        page.screenshot(path=SHOTS / f"audit-form-{language}-{width}.png", full_page=True)
    finally:
        context.close()


def test_a_lead_chooses_an_audits_channels_by_typing_and_ticking(
    live_server, browser: Browser, personas
):
    news, shop = ChannelFactory(name="Zephyr News"), ChannelFactory(name="Zephyr Shop")
    ChannelFactory(name="Zephyr Jobs")
    for _ in range(25):
        ChannelFactory()
    context = signed_in_context(browser, live_server, personas.lead)
    try:
        page, errors = watched_page(context)
        page.goto(reverse("audits:create"))
        page.get_by_label("Title").fill("Zephyr accounts")
        matches, chosen = page.locator("#id_channels_matches"), page.locator("#id_channels_chosen")
        expect(page.locator("input[name=channels]")).to_have_count(0)  # nothing listed yet

        search = page.get_by_role("searchbox", name="Search channels (Channels)")
        search.focus()
        page.keyboard.type("zephyr n")
        expect(matches.get_by_role("checkbox")).to_have_count(1)
        expect(page.locator("#id_channels_status")).to_have_text("Matches shown in the list: 1.")
        page.keyboard.press("Enter")  # searches again at once, does not send the form
        expect(page.locator("#id_channels_status")).to_have_text("Matches shown in the list: 1.")
        page.keyboard.press("Tab")
        expect(matches.get_by_label(str(news))).to_be_focused()
        page.keyboard.press("Space")

        page.keyboard.press("Shift+Tab")
        expect(search).to_be_focused()
        page.keyboard.press("Control+A")
        page.keyboard.type("zephyr")
        # The ticked channel joined the chosen ones; the matches leave it out.
        expect(chosen.get_by_role("checkbox", checked=True)).to_have_count(1)
        expect(matches.get_by_role("checkbox")).to_have_count(2)
        matches.get_by_label(str(shop)).check()
        page.get_by_role("button", name="Prepare the audit").click()
        expect(page.get_by_text("Audit prepared.")).to_be_visible()
    finally:
        context.close()
    audit = Audit.objects.get(title="Zephyr accounts")
    assert {a.channel for a in audit.assessments.select_related("channel")} == {news, shop}
    assert not errors, errors
