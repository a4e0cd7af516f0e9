"""The API's documentation pages in Chromium, signed in as a lead: Swagger UI and Redoc render
the operations (their scripts ran under the site's CSP, with no violation reported) and open one
from the keyboard; Swagger UI runs it.
Screenshots at 1440 and 390 px, in English and French, go to /tmp/shots-api-docs."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browsing import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-api-docs")


def _watch(page: Page) -> list[str]:
    """The console's errors and the page's CSP violations, as they come."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.expose_function("reportViolation", lambda text: problems.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.reportViolation(`CSP: ${e.violatedDirective} ${e.blockedURI}`));"
    )
    return problems


def _csp(page: Page, path: str) -> str:
    with page.expect_response(lambda r: r.url.endswith(path)) as answer:
        page.goto(path)
    assert answer.value.status == 200
    return answer.value.headers["content-security-policy"]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_swagger_ui_renders_and_opens_an_operation(
    live_server, browser: Browser, personas, language, width
):
    context = signed_in_context(browser, live_server, personas.lead, language=language, width=width)
    SHOTS.mkdir(exist_ok=True)
    try:
        page = context.new_page()
        problems = _watch(page)
        policy = _csp(page, "/api/v1/docs/")
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        operation = page.locator("#operations-history-history_list")
        expect(operation).to_be_visible(timeout=20_000)
        page.screenshot(path=SHOTS / f"swagger-{language}-{width}.png")
        operation.locator("button.opblock-summary-control").focus()  # by keyboard
        page.keyboard.press("Enter")
        expect(operation.locator(".parameters")).to_contain_text("object_type")
        # Tried out with the lead's session: the page's script calls the API (connect-src).
        operation.get_by_role("button", name="Try it out").click()
        operation.get_by_role("button", name="Execute").click()
        expect(
            operation.locator(".live-responses-table tbody .response-col_status")
        ).to_contain_text("200")
        page.screenshot(path=SHOTS / f"swagger-open-{language}-{width}.png")
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1440, 390])
def test_redoc_renders_and_opens_an_operation(
    live_server, browser: Browser, personas, language, width
):
    context = signed_in_context(browser, live_server, personas.lead, language=language, width=width)
    SHOTS.mkdir(exist_ok=True)
    try:
        page = context.new_page()
        problems = _watch(page)
        policy = _csp(page, "/api/v1/redoc/")
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        section = page.locator("[id='tag/history/operation/history_list']")
        expect(section).to_contain_text("object_type", timeout=20_000)
        page.screenshot(path=SHOTS / f"redoc-{language}-{width}.png")
        # The operation's answer opens: its schema's fields appear.
        answer = section.locator("button", has_text="200").first
        answer.focus()  # by keyboard
        page.keyboard.press("Enter")
        expect(section).to_contain_text("object_repr")
        answer.screenshot(path=SHOTS / f"redoc-open-{language}-{width}.png")
        page.screenshot(path=SHOTS / f"redoc-open-page-{language}-{width}.png")
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
