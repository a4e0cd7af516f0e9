"""A member makes a personal API token on their profile in Chromium: the secret is shown once,
on the page that answers the form, works against the API, and is revoked from the list.
Screenshots at 1440 and 390 px, in English and French, go to /tmp/shots-api."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from accounts.models import ApiToken
from accounts.tokens import token_hash
from tests.api.conftest import Api
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-api")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_a_personal_token_is_made_used_and_revoked(
    live_server, browser: Browser, personas, language, width
):
    context = signed_in_context(
        browser, live_server, personas.member, language=language, width=width
    )
    SHOTS.mkdir(exist_ok=True)
    try:
        page = context.new_page()
        page.goto("/profile/api-tokens/")
        page.screenshot(path=SHOTS / f"tokens-empty-{language}-{width}.png", full_page=True)
        page.locator("input[name=name]").fill("SIEM export")
        page.locator("input[name=scopes][value='access:read']").check()
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator(
                "main form button.btn-primary, .card form button.btn-primary"
            ).first.click()
        assert answer.value.status == 200
        assert "no-store" in answer.value.headers["cache-control"]
        secret = page.locator("#api-secret").input_value().strip()
        token = ApiToken.objects.get(user=personas.member)
        assert token_hash(secret) == token.token_hash and token.scopes == ["access:read"]
        assert not [c for c in context.cookies() if "gvapi_" in c["value"]]
        page.screenshot(path=SHOTS / f"token-created-{language}-{width}.png", full_page=True)
        assert Api(secret).get("grants/").status_code == 200
        page.locator("#api-secret ~ a.btn-primary").click()
        expect(page.locator("table")).to_contain_text(token.prefix)
        assert secret not in page.content()
        page.screenshot(path=SHOTS / f"tokens-list-{language}-{width}.png", full_page=True)
        page.locator("table button[type=submit]").click()
        expect(page.locator("table .badge")).to_be_visible()
        assert Api(secret).get("grants/").status_code == 401
    finally:
        context.close()
