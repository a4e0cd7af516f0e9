"""The API connectors against recorded answers shaped as each platform documents them: a
reading over two pages, and each failure giving its ConnectorFailure, with the access token in
no error and no log record."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from governance.reconciliation.connectors import (
    ConnectorError,
    ConnectorFailure,
    platform_connectors,
)
from tests.governance.reconciliation.conftest import CASSETTES, TOKEN

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ASSETS = {
    "meta": ("104958162837", {"business_id": "201548330912"}),
    "linkedin": ("2414183", {}),
    "tiktok": ("6987654321098765432", {"bc_id": "7012345678901234567"}),
    "pinterest": ("549755885175", {"business_id": "1049640563"}),
}
FAILURES = {
    "expired": ConnectorFailure.EXPIRED_TOKEN,
    "permission": ConnectorFailure.PERMISSION_MISSING,
    "rate_limited": ConnectorFailure.RATE_LIMITED,
    "malformed": ConnectorFailure.MALFORMED,
}
RETRY_AFTER = {"meta": 15 * 60}  # Graph's estimated_time_to_regain_access; the others say none


def read(key: str):
    asset_id, settings = ASSETS[key]
    connector = platform_connectors.get(key)
    return connector.read(
        asset_id=asset_id, credentials={"access_token": TOKEN, **settings}, now=NOW
    )


def roles(reading) -> set[tuple[str, str]]:
    return {(holder.external_id or holder.email, holder.role) for holder in reading.holders}


def test_every_api_connector_is_registered_with_its_credentials():
    for key in ASSETS:
        connector = platform_connectors.get(key)
        assert "access_token" in connector.credential_fields
        assert connector.platforms


def test_meta_reads_assigned_users_over_two_pages_with_the_portfolio(cassette):
    with cassette("meta_read") as played:
        reading = read("meta")
    assert played.all_played
    assert reading.source == "meta" and reading.seen_at == NOW
    assert roles(reading) == {
        ("10001", "Full control (admin)"),
        ("10002", "Partial access: ads"),
        ("10003", "Partial access: insights"),
        ("20001", "Partial access: content"),
        ("10009", "Full control (admin)"),  # an admin of the business
        ("erin@example.org", "Full control (admin)"),  # invited as admin, not yet accepted
    }
    by_id = {holder.external_id: holder for holder in reading.holders}
    assert by_id["10001"].email == "alice.martin@example.org" and by_id["10001"].two_factor
    assert by_id["10002"].two_factor is False and by_id["10003"].two_factor is None
    invited = next(holder for holder in reading.holders if holder.invited_at)
    assert invited.invited_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_linkedin_reads_the_access_control_list_over_two_pages(cassette):
    with cassette("linkedin_read") as played:
        reading = read("linkedin")
    assert played.all_played
    assert roles(reading) == {
        ("urn:li:person:A1b2C3d4E5", "Super admin"),
        ("urn:li:person:F6g7H8i9J0", "Content admin"),
        ("urn:li:person:F6g7H8i9J0", "Sponsored content poster"),
    }
    assert reading.details["asset_id"] == "urn:li:organization:2414183"


def test_tiktok_reads_the_business_center_admins_and_the_account_members(cassette):
    with cassette("tiktok_read") as played:
        reading = read("tiktok")
    assert played.all_played
    assert roles(reading) == {
        ("7001", "Admin"),  # an admin of the centre, also given the account: one holder
        ("7021", "Admin"),  # invited as admin, pending
        ("7002", "Operator"),
    }
    pending = {holder.external_id: holder.invited_at for holder in reading.holders}
    assert pending == {"7001": None, "7021": NOW, "7002": None}


def test_pinterest_reads_the_profile_members_over_two_pages_and_the_invitations(cassette):
    with cassette("pinterest_read") as played:
        reading = read("pinterest")
    assert played.all_played
    assert roles(reading) == {
        ("383791336903426391", "Admin"),
        ("383791336903426392", "Campaign manager"),
        ("383791336903426392", "Analyst"),
        ("383791336903426393", "Publisher"),
        ("erin@example.org", "Publisher"),  # invited to this profile; frank's is another's
    }
    invited = next(holder for holder in reading.holders if holder.invited_at)
    assert invited.invited_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("key", list(ASSETS))
@pytest.mark.parametrize("case", list(FAILURES))
def test_a_failed_reading_says_why_and_never_shows_the_token(key, case, cassette, caplog):
    caplog.set_level(logging.DEBUG)
    with cassette(f"{key}_{case}"), pytest.raises(ConnectorError) as raised:
        read(key)
    error = raised.value
    assert error.failure == FAILURES[case]
    if case == "rate_limited":
        assert error.retry_after == RETRY_AFTER.get(key)
    assert error.__cause__ is None  # nothing chained carries the request into a log
    assert error.__context__ is None or error.__suppress_context__
    shown = " ".join([str(error), error.detail, repr(error.args), caplog.text])
    assert TOKEN not in shown
    assert TOKEN[:20] not in shown


def test_no_cassette_holds_a_token():
    for path in CASSETTES.glob("*.yaml"):
        text = path.read_text()
        assert TOKEN not in text
        assert "access_token=" not in text and "Bearer " not in text, path.name


def test_meta_sends_the_token_in_a_header_never_in_the_url():
    from governance.reconciliation.platforms.meta import _api

    session = _api(TOKEN)._session.requests
    assert "access_token" not in session.params
    assert session.headers["Authorization"] == f"OAuth {TOKEN}"


def test_retry_after_is_read_in_seconds_or_as_a_date():
    from governance.reconciliation.platforms.http import retry_after

    assert retry_after({"Retry-After": "120"}) == 120
    assert retry_after({"Retry-After": "Mon, 30 Nov 2026 09:05:00 GMT"}, now=NOW) == 300
    assert retry_after({"Retry-After": "soon"}) is None
    assert retry_after({}) is None


def test_every_beat_task_of_the_sync_is_registered():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()  # the worker's autodiscovery: governance/tasks.py
    entry = settings.CELERY_BEAT_SCHEDULE["channel-sources-sync-due"]
    assert entry["task"] in app.tasks
    assert "governance.tasks.channel_sync" in app.tasks


@pytest.mark.django_db
def test_every_role_a_connector_names_is_a_seeded_platform_role():
    from channels_registry.models import PlatformRole
    from governance.reconciliation.platforms import linkedin, meta, pinterest, tiktok

    named = {
        "facebook": set(meta.TASK_ROLES.values()),
        "instagram": set(meta.TASK_ROLES.values()),
        "linkedin": set(linkedin.ROLES.values()),
        "tiktok": {tiktok.ADMIN, tiktok.OPERATOR},
        "pinterest": set(pinterest.ROLES.values()),
    }
    for slug, names in named.items():
        seeded = set(
            PlatformRole.objects.filter(platform__slug=slug).values_list("name", flat=True)
        )
        assert names <= seeded, (slug, names - seeded)
