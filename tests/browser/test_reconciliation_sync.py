"""A lead, on the Platform tab of a channel read through Meta, asks the owner to lower a role
higher than granted, then has the channel read now (Meta answers as recorded: the token is
refused) and sees the source's state in words. Screenshots at 1440 and 390 px, in English and
French, go to /tmp/shots-drift."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts import roles
from governance.choices import TaskOrigin
from governance.models import Task
from governance.reconciliation import services_credentials
from governance.reconciliation.connectors import Reading, SeenHolder
from governance.reconciliation.services import observation_record
from tests.factories import (
    ChannelFactory,
    GrantFactory,
    PersonFactory,
    UserFactory,
    give_totp,
    role,
)
from tests.governance.reconciliation.conftest import platforms_vcr
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-drift")
ADMIN = "Full control (admin)"


def _channel_read_through_meta(lead):
    owner = UserFactory(full_name="Olga Owner", roles=[roles.TEAM_MEMBER])
    person = PersonFactory(user=owner, email=owner.email, first_name="Olga", last_name="Owner")
    channel = ChannelFactory(name="Acme Synced", business_owner=person)
    for person in (channel.business_owner, channel.backup_owner):
        GrantFactory(channel=channel, person=person, role=role("facebook", "admin"))
    analyst = GrantFactory(channel=channel, role=role("facebook", "analyse"))
    credential = services_credentials.connector_credential_create(
        actor=None,
        connector="meta",
        label="Acme portfolio",
        secrets={"access_token": "EAAtoken", "business_id": "201548330912"},
        now=timezone.now(),
    )
    services_credentials.channel_source_create(
        actor=None,
        channel=channel,
        credential=credential,
        asset_id="104958162837",
        now=timezone.now(),
    )
    holders = [
        SeenHolder(person.full_name, ADMIN, email=person.email)
        for person in (channel.business_owner, channel.backup_owner, analyst.person)
    ]
    now = timezone.now()
    observation_record(
        actor=lead, channel=channel, reading=Reading(now, tuple(holders), "meta"), now=now
    )
    return channel, analyst


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_lead_asks_to_lower_a_role_and_syncs_now(live_server, browser: Browser, language, width):
    lead = UserFactory(full_name="Lucie Lead", roles=[roles.GOVERNANCE_LEAD])
    give_totp(lead)
    channel, analyst = _channel_read_through_meta(lead)
    SHOTS.mkdir(exist_ok=True)
    shot = lambda name: page.screenshot(  # noqa: E731
        path=SHOTS / f"{name}-{language}-{width}.png", full_page=True
    )
    context = signed_in_context(browser, live_server, lead, language=language, width=width)
    try:
        page = context.new_page()
        page.goto(f"/channels/{channel.pk}/platform/")
        expect(page.locator("#api-source")).to_contain_text("Meta")
        shot("tab-source")
        higher = page.locator("article").filter(has_text=analyst.person.full_name)
        higher.locator("form").first.locator("button").click()
        expect(page.locator(".alert-success")).to_be_visible()
        expect(higher.locator("a[href*='/tasks/']")).to_have_count(1)
        with platforms_vcr.use_cassette("meta_expired.yaml", allow_playback_repeats=True):
            page.locator(f"form[action$='/channels/{channel.pk}/sync-now/'] button").click()
            expect(page.locator(".alert-success")).to_be_visible()
        # The failed reading is said once, in the platform's words (ConnectorFailure).
        expect(page.locator(".alert-warning[role=status]")).to_contain_text("Graph API error 190")
        expect(page.locator("#api-source .text-danger")).to_have_count(0)
        shot("tab-synced")
    finally:
        context.close()
    task = Task.objects.get(channel=channel)
    assert (task.origin, task.kind, task.grant) == (TaskOrigin.DRIFT, "change_role", analyst)
    assert task.assignee == channel.business_owner.user
