"""An admin registers a webhook endpoint in Chromium (webhooks/admin.py): the signing secret is
shown once, on the page that answers the form, and no cookie carries it. Screenshots of that page
at 1440 and 390 px, in English and French, go to /tmp/shots-hooks."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from accounts.encryption import decrypt
from tests.support.browsing import signed_in_context
from webhooks.models import WebhookEndpoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-hooks")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_the_signing_secret_is_shown_once_and_in_no_cookie(
    live_server, browser: Browser, personas, language, width
):
    context = signed_in_context(
        browser, live_server, personas.admin, language=language, width=width
    )
    try:
        page = context.new_page()
        page.goto("/admin/webhooks/webhookendpoint/add/")
        page.locator("input[name=name]").fill("SIEM")
        # A private address: refused until the admin-only flag allows it.
        page.locator("input[name=url]").fill("http://127.0.0.1:9/hooks")
        page.locator("input[name=event_types][value='grant.created']").check()
        page.locator("input[name=event_types][value='offboarding.started']").check()
        page.locator("input[name=_save]").click()
        expect(page.locator(".errorlist")).to_contain_text("127.0.0.1")
        page.locator("input[name=allow_private_network]").check()
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator("input[name=_save]").click()
        assert answer.value.status == 200  # the page itself, not a redirect to a message
        assert "no-store" in answer.value.headers["cache-control"]
        secret = page.locator("#webhook-secret").input_value().strip()
        endpoint = WebhookEndpoint.objects.get(name="SIEM")
        assert secret.startswith("whsec_") and decrypt(endpoint.secret) == secret
        assert endpoint.event_types == ["grant.created", "offboarding.started"]
        assert endpoint.allow_private_network and endpoint.created_by == personas.admin
        assert not [c for c in context.cookies() if secret[6:20] in c["value"]]
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SHOTS / f"endpoint-created-{language}-{width}.png", full_page=True)
        page.locator("#content-main a.button").click()
        expect(page.locator("#content-main")).to_contain_text("127.0.0.1:9")
        assert secret not in page.content()
    finally:
        context.close()
