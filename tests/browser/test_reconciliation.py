"""A lead imports an observation file for a channel in Chromium, sees an unknown admin and a
leaver still present, records the first as a grant and starts the revocation of the second.
Screenshots at 1440 and 390 px, in English and French, go to /tmp/shots-drift."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, expect

from accounts import roles
from governance.choices import GrantStatus, TaskOrigin
from governance.models import AccessGrant, HolderMatch, Task
from tests.factories import (
    ChannelFactory,
    GrantFactory,
    PersonFactory,
    UserFactory,
    give_totp,
    role,
)
from tests.support.browser import pick
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-drift")
ADMIN = "Full control (admin)"


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_lead_imports_an_observation_and_acts_on_two_findings(
    live_server, browser: Browser, tmp_path, language, width
):
    lead = UserFactory(full_name="Lucie Lead", roles=[roles.GOVERNANCE_LEAD])
    give_totp(lead)
    channel = ChannelFactory(name="Acme FR")
    owner, backup = channel.business_owner, channel.backup_owner
    for person in (owner, backup):
        GrantFactory(channel=channel, person=person, role=role("facebook", "admin"))
    unknown = PersonFactory(first_name="Ulla", last_name="Unknown", email="ulla@example.org")
    leaver = PersonFactory(
        first_name="Léo",
        last_name="Leaver",
        email="leo@example.org",
        status="left",
        end_date=timezone.localdate() - dt.timedelta(days=20),
    )
    leaver_grant = GrantFactory(channel=channel, person=leaver)
    agency = PersonFactory(first_name="Ada", last_name="Agency", email="ada@agency.test")
    observed = tmp_path / "admins.csv"
    observed.write_text(
        "name,email,platform_user_id,role,two_factor,last_active,invited_at\n"
        f"{owner.full_name},{owner.email},,{ADMIN},yes,,\n"
        f"{backup.full_name},{backup.email},,{ADMIN},yes,,\n"
        f"Ulla Unknown,ulla@example.org,,{ADMIN},no,,\n"
        "Léo Leaver,leo@example.org,,Partial access: content,,,\n"
        "Agency Bot,,1000123,Partial access: insights,,,\n",
        encoding="utf-8",
    )
    SHOTS.mkdir(exist_ok=True)
    shot = lambda name: page.screenshot(  # noqa: E731
        path=SHOTS / f"{name}-{language}-{width}.png", full_page=True
    )
    context = signed_in_context(browser, live_server, lead, language=language, width=width)

    def t(text: str) -> str:  # what the page says, in its language
        with translation.override(language):
            return gettext(text)

    try:
        page = context.new_page()
        page.goto(f"/channels/{channel.pk}/platform/")
        shot("tab-empty")
        page.locator(f"a[href='/access/channels/{channel.pk}/observations/import/']").first.click()
        page.locator("input[type=file]").set_input_files(observed)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#import-report tbody tr")).to_have_count(5)
        shot("import-preview")
        page.locator("button[name=apply]").click()

        expect(page.locator("#observed-holders tbody tr")).to_have_count(5)
        unknowns = page.get_by_role("article", name=t("Unknown holder"))
        expect(unknowns.filter(has_text="Ulla Unknown")).to_have_count(1)
        gone = page.get_by_role("article", name=t("Holder has left or is leaving"))
        expect(gone).to_contain_text("Léo Leaver")
        shot("tab-findings")
        # On a phone the holders read as cards: nothing scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert page.evaluate(
            "document.querySelector('#observed-holders').getBoundingClientRect().right"
        ) <= page.evaluate("window.innerWidth")

        page.get_by_role("button", name=t("Record the grant") + ": Ulla Unknown").click()
        expect(page.locator(".alert-success")).to_be_visible()
        expect(unknowns.filter(has_text="Ulla Unknown")).to_have_count(0)
        page.get_by_role("button", name=t("Start the revocation") + ": Léo Leaver").click()
        expect(page.locator(".alert-success")).to_be_visible()
        expect(
            gone.get_by_role("link", name=t("Revocation task due %(due)s").split("%")[0].strip())
        ).to_be_visible()
        shot("tab-acted")

        # The agency's account: the lead says once who it is.
        unknowns.filter(has_text="Agency Bot").get_by_role(
            "link", name=t("Say who this is")
        ).click()
        pick(page, t("This holder is"), "ada", "Ada Agency <ada@agency.test>")
        shot("holder-match")
        page.locator("main form button[type=submit]").click()
        expect(page.locator(".alert-success")).to_contain_text("Ada Agency")
        expect(unknowns.filter(has_text="Ada Agency")).to_have_count(1)
    finally:
        context.close()

    grant = AccessGrant.objects.get(channel=channel, person=unknown)
    assert grant.role.name == ADMIN and grant.granted_by == lead
    # Written in the lead's language, as if they had typed it.
    seen = t("Seen on %(platform)s on %(date)s as %(role)s (observation %(number)s, %(source)s)")
    assert seen.split("%")[0] + "Facebook" in grant.justification
    task = Task.objects.get(channel=channel)
    assert (task.origin, task.grant, task.assignee) == (TaskOrigin.DRIFT, leaver_grant, lead)
    leaver_grant.refresh_from_db()
    assert leaver_grant.status == GrantStatus.REVOCATION_PENDING
    assert HolderMatch.objects.get().person == agency
