"""An admin makes a SCIM token in Chromium (governance/provisioning/admin.py): the secret is
shown once, on the page that answers the form, and no cookie carries it. Screenshots of that
page at 1440 and 390 px, in English and French, go to /tmp/shots-scimfix."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from accounts.tokens import token_hash
from governance.provisioning.models import ScimToken
from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-scimfix")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_the_secret_is_shown_once_and_in_no_cookie(
    live_server, browser: Browser, personas, language, width
):
    context = signed_in_context(
        browser, live_server, personas.admin, language=language, width=width
    )
    try:
        page = context.new_page()
        page.goto("/admin/governance/scimtoken/add/")
        page.locator("input[name=name]").fill("Entra ID")
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator("input[name=_save]").click()
        assert answer.value.status == 200  # the page itself, not a redirect to a message
        assert "no-store" in answer.value.headers["cache-control"]
        secret = page.locator("#scim-secret").input_value().strip()
        token = ScimToken.objects.get(name="Entra ID")
        assert token_hash(secret) == token.token_hash
        assert not [c for c in context.cookies() if "gvscim_" in c["value"]]
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SHOTS / f"token-created-{language}-{width}.png", full_page=True)
        page.locator("#content-main a.button").click()
        expect(page.locator("#content-main")).to_contain_text(token.prefix)
        assert secret not in page.content()
    finally:
        context.close()
