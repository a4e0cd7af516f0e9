"""Every form of every page, submitted in Chromium by the persona allowed to use it.

The test client posts no CSRF token and runs no browser: a form can pass its tests and still
refuse every real submission (a validator that took `csrfmiddlewaretoken` for a secret did
exactly that). This test is generated like the authorization matrix, from its table, which
`test_every_url_is_in_the_table` keeps complete: every URL that answers a GET with a page is
opened in Chromium as the first persona who may see it, and every POST form on that page is
submitted as it stands (what is pre-filled stays; the browser's own required-field checks are
off so that the server's answer is what is judged). Each submission must either be accepted
(a redirect, a download, or a swap) or come back with errors on fields; never a server error,
a CSRF failure, a refusal of the persona it was shown to, or an error that names no field.

After a redirect, an error message the next page carries is a refusal too (a form with fields
must name the field at fault), and so is landing on the login or password page. Every POST URL
of the table must have been sent by some page's form, so a form that no page of the table shows
fails the test until its page is added (NOT_FROM_A_FORM names the exceptions and why).

The header's forms (language and logout) are on every page; they are submitted once each.
One world per area, as in the matrix, so that a submission in one area changes no other.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import vcr
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import make_personas, seed_reference_data
from tests.governance.reconciliation.conftest import CASSETTES
from tests.support.browsing import signed_in_context
from tests.support.waiting import wait_until
from tests.test_authorization_matrix import (
    ADMIN_ADD_PAGES,
    AREAS,
    EXPECTED,
    _area,
    _user,
    build_world,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Who opens a page: the first of these the table lets in.
PREFERENCE = ("lead", "admin", "owner", "member", "partner", "auditor", "outsider", "anonymous")

# What the page's forms are: POST forms outside the header that a person can send (a view-only
# admin page holds a form with no button), each named by its action and its button's words.
FORMS_JS = """
() => {
  const buttonOf = f => f.querySelector(
    'button[type=submit], button:not([type]), input[type=submit]'
  ) || Array.from(document.querySelectorAll('button[form]')).find(b => b.form === f);
  const forms = Array.from(document.querySelectorAll('form'))
    .filter(f => f.method.toLowerCase() === 'post' && !f.closest('header') && buttonOf(f));
  // Kept for SUBMIT_JS: each form and the button that sends it.
  window.__sendable = forms.map(f => [f, buttonOf(f)]);
  return window.__sendable.map(([f, button]) => ({
    name: (f.getAttribute('action') || '') + ' | ' + (button.innerText || button.value || '').trim(),
    htmx: f.hasAttribute('hx-post') || !!f.closest('[hx-boost]'),
    fields: Array.from(f.elements).filter(e => e.name && e.type !== 'hidden'
      && !['submit', 'button'].includes(e.type)).length,
  }));
}
"""

SUBMIT_JS = """
(index) => {
  const [form, button] = window.__sendable[index];
  form.noValidate = true;
  // After evaluate() returns: the navigation would otherwise destroy its context.
  setTimeout(() => form.requestSubmit(button), 0);
}
"""


def _logged_out_paths() -> tuple[str, ...]:
    return (resolve_url(settings.LOGIN_URL), reverse("account_reauthenticate"))


# The error messages a redirect carries to the next page (templates/base.html).
MESSAGES_JS = """
() => Array.from(document.querySelectorAll('.messages .alert-danger'))
  .map(e => e.innerText.trim()).filter(Boolean)
"""

# Errors shown on fields, and errors shown for the whole form or page.
FIELD_ERRORS = ".invalid-feedback, .is-invalid, .errorlist:not(.nonfield), .field-error"
DANGER_JS = """
() => Array.from(document.querySelectorAll('.alert-danger, .errorlist.nonfield'))
  .map(e => e.innerText.trim()).filter(Boolean)
"""


@pytest.fixture
def world(personas):
    return build_world(personas)


@pytest.fixture(autouse=True)
def _meta_answers():
    """ "Sync now" on the drift channel reads it through Meta (a task run at once): Meta answers
    as recorded (the token refused), and no request leaves the machine. Requests to any other
    host pass through vcrpy untouched."""
    with _META_VCR.use_cassette("meta_expired.yaml", allow_playback_repeats=True):
        yield


def _graph_only(request):
    return request if request.host == "graph.facebook.com" else None


_META_VCR = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode="none",
    match_on=["method", "scheme", "host", "port", "path", "query"],
    before_record_request=_graph_only,
)


@pytest.fixture(autouse=True)
def _server_idle_at_the_end(live_server):
    """The next test empties the database: let the requests a closed page left go through."""
    yield
    wait_until(_server_idle, 30, what="the live server to finish its requests")


def _server_idle() -> bool:
    """No other connection to the test database is in the middle of something."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')"
        )
        return cursor.fetchone()[0] == 0


def _persona_for(row) -> str | None:
    return next((p for p in PREFERENCE if row.expected.get(p) == 200), None)


def _context(
    browser: Browser, live_server, personas, persona: str, fresh: bool = False
) -> BrowserContext:
    """A browser holding the persona's session, as if they had logged in (and, when `fresh`,
    had just typed their password again, as allauth asks before second-factor changes)."""
    user = _user(personas, persona)
    return signed_in_context(browser, live_server, user, fresh=fresh, timeout_ms=15_000)


def _evaluate(page: Page, script: str, arg=None):
    """Run `script` once the page has settled (a page may move on by itself after loading)."""
    for _attempt in range(3):
        try:
            return page.evaluate(script, arg)
        except PlaywrightError as error:
            if "context was destroyed" not in str(error):
                raise
            page.wait_for_load_state("load")
    return page.evaluate(script, arg)


def _submit(page: Page, forms: list[dict], form: dict) -> tuple[str | None, str]:
    """Submit `form` of the open page: what is wrong with the answer ("" if nothing, None when
    the page no longer shows that form: an earlier submission changed the world), and the path
    it was posted to."""
    kinds = [_kind(f) for f in forms]
    if _kind(form) not in kinds:
        return None, ""
    index = kinds.index(_kind(form))
    origin = page.url
    before = set(_evaluate(page, DANGER_JS))
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        _evaluate(page, SUBMIT_JS, index)
    page.wait_for_load_state("networkidle" if form["htmx"] else "load")
    answer = sent.value
    posted = urlsplit(answer.url).path
    status = answer.status
    if status >= 500 or status in (400, 404, 405):
        return f"answered {status}", posted
    if status == 403:
        reason = "a CSRF failure" if "CSRF" in answer.text() else "refused"
        return f"answered 403 ({reason}) to the persona it was shown to", posted
    landed = urlsplit(page.url).path
    # Logging out, or a step of logging in again, may lead there; nothing else should.
    expected_there = posted == reverse("account_logout") or urlsplit(origin).path.startswith(
        _logged_out_paths()
    )
    redirected = status in (301, 302, 303)
    if redirected and landed.startswith(_logged_out_paths()) and not expected_there:
        return f"sent to {landed}: the persona's session was not accepted", posted
    if redirected or "text/html" in (answer.headers.get("content-type") or ""):
        # Re-shown: the form's own errors; sent on: an error message the next page carries.
        shown = _evaluate(page, MESSAGES_JS if redirected else DANGER_JS)
        refusals = [text for text in shown if text not in before]
        # A form with fields names the one at fault; a lone button may only say why not.
        if refusals and form["fields"] and not page.locator(FIELD_ERRORS).count():
            return f"refused as a whole: {refusals}", posted
    return "", posted


def _pages(area: str, world) -> list[tuple[tuple[str, int], tuple[str, bool], str]]:
    """The area's pages: (URL name, row), who opens it (a persona, and whether they have just
    typed their password), its URL in this world."""
    pages = []
    for url_name, rows in EXPECTED.items():
        if _area(url_name) != area:
            continue
        for number, row in enumerate(rows):
            persona = _persona_for(row)
            if row.method == "get" and persona:
                url = reverse(url_name, kwargs=row.kwargs(world)) + row.query
                pages.append(((url_name, number), (persona, row.fresh), url))
    return pages


def _fresh_world() -> tuple:
    """The database emptied and the table's world made again, personas included."""
    call_command("flush", interactive=False, verbosity=0)
    seed_reference_data()
    personas = make_personas()
    return personas, build_world(personas)


def _kind(form: dict) -> str:
    """A form as it would be in another world: its action's numbers and the names its button
    reads out (say, the person a decision is about) set aside."""
    return re.sub(r"\d+", "#", form["name"].split("\n")[0])


def _open(browser: Browser, live_server, personas, who: tuple[str, bool], url: str):
    """A new session of `who` on `url` (a form may log out or switch the language): the page,
    the forms on it, or what kept it from showing any."""
    context = _context(browser, live_server, personas, *who)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        response = page.goto(url)
    except PlaywrightError as error:  # a file to download (CSV, calendar) is no page
        assert "Download is starting" in str(error), error
        return context, page, [], ""
    if response is None or response.status != 200:
        return context, page, [], f"opened with {response.status if response else 'nothing'}"
    if "html" not in (response.headers.get("content-type") or ""):
        return context, page, [], ""
    return context, page, _evaluate(page, FORMS_JS), ""


def _submit_all(browser, live_server, personas, shown) -> tuple[list[str], list, set[str]]:
    """Submit each shown form, the last pages first: a page's own buttons (complete, close,
    revoke) would otherwise take away the forms of the pages below it in the table. The
    problems found, the forms an earlier submission took away, the paths posted to."""
    problems, unreached, posted = [], [], set()
    for key, who, url, form in reversed(shown):
        context, page, forms, _problem = _open(browser, live_server, personas, who, url)
        try:
            problem, path = _submit(page, forms, form)
        finally:
            context.close()
        posted.add(path)
        if problem is None:
            unreached.append((key, who, url, form))
        elif problem:
            problems.append(f"{key[0]} “{_kind(form)}” as {who[0]} ({url}): {problem}")
    return problems, unreached, posted


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


# POST URLs of the table that no page's form sends, and why; every other one must be sent.
NOT_FROM_A_FORM = {
    "account_signup": "sign-up is closed (SIGNUP_OPEN): no page shows its form",
    "account_set_password": "everyone has a password: the page sends them to change it",
    "account_confirm_email": "needs the key of an e-mail sent; the table's key is unknown",
    "account_confirm_login_code": "needs a login code sent by e-mail; none is",
    "account_confirm_reauthentication_code": "needs a code sent by e-mail; none is",
    "account_reset_password_from_key": "needs the key of a reset e-mail; the table's is unknown",
    "mfa_authenticate": "the second step of logging in: the leads of tests/browser/ type a code",
    "mfa_add_webauthn": "needs a security key, which this Chromium does not have",
    "mfa_edit_webauthn": "needs a registered security key",
    "mfa_remove_webauthn": "needs a registered security key",
    "mfa_reauthenticate_webauthn": "needs a registered security key",
    "socialaccount_signup": "a first SSO sign-in creates the account or is refused: no form",
    "socialaccount_connections": "its form removes a provider link; the world has none "
    "(tests/browser/test_sso.py signs in through real providers)",
    "api_token_revoke": "the world has no personal token to revoke; tests/browser/"
    "test_api_tokens.py makes one in Chromium, uses it, and revokes it there",
    # The Platform tab of the channel page shows these buttons: the channels_registry area's run
    # opens that tab (its "drift" row) and submits each of them there.
    **dict.fromkeys(
        (
            "governance:finding_grant",
            "governance:finding_revoke",
            "governance:finding_reopen",
            "governance:finding_role",
            "governance:finding_lower",
            "governance:channel_sync_now",
        ),
        "sent from the channel's Platform tab, submitted in the channels_registry area",
    ),
    # SCIM is an API for identity providers, with a bearer token: no page has a form for it
    # (tests/governance/provisioning/ and scim2-tester drive it over HTTP).
    **dict.fromkeys(
        (
            "scim:root",
            "scim:users",
            "scim:user_search",
            "scim:groups",
            "scim:group_search",
            "scim:search",
            "scim:unknown",
        ),
        "SCIM's API, called by identity providers with a token; no page posts to it",
    ),
}


@pytest.mark.parametrize("area", AREAS)
def test_every_form_saves_or_names_its_fields_in_chromium(
    live_server, browser: Browser, personas, world, area
):
    problems: list[str] = []
    # First every page as the table's world has it, then its forms.
    shown = []
    for key, who, url in _pages(area, world):
        context, _page, forms, problem = _open(browser, live_server, personas, who, url)
        context.close()
        if problem:
            problems.append(f"{key[0]} as {who[0]} ({url}): {problem}")
        shown += [(key, who, url, form) for form in forms]
    found, unreached, posted = _submit_all(browser, live_server, personas, shown)
    problems += found
    if unreached:
        # What an earlier submission took away (the last item decided, the policy accepted)
        # is submitted again in a world of its own, as the table made it.
        wait_until(_server_idle, 30, what="the live server to finish its requests")
        personas, world = _fresh_world()
        urls = {key: url for key, _who, url in _pages(area, world)}
        again = [(key, who, urls[key], form) for key, who, _url, form in unreached]
        found, unreached, posted_again = _submit_all(browser, live_server, personas, again)
        problems += found
        posted |= posted_again
    assert not problems, "\n".join(problems)
    assert not unreached, "changed by an earlier submission, not submitted:\n" + "\n".join(
        f"{key[0]} “{_kind(form)}” as {who[0]} ({url})" for key, who, url, form in unreached
    )
    # A form that no page of the table shows escapes this test: none may.
    sent = {_url_name(path) for path in posted}
    unsent = sorted(
        name
        for name, rows in EXPECTED.items()
        if _area(name) == area
        and any(row.method == "post" for row in rows)
        and name not in sent
        and name not in NOT_FROM_A_FORM
    )
    assert not unsent, "POST URLs no page's form sent (add the page to the table):\n" + "\n".join(
        unsent
    )


def _admin_pages(world) -> list[str]:
    """Each registered model's list (its actions), its add page where adding is allowed, and
    one object's change page."""
    pages = []
    for model in admin.site._registry:
        app_label, model_name = model._meta.app_label, model._meta.model_name
        pages.append(reverse(f"admin:{app_label}_{model_name}_changelist"))
        if f"{app_label}.{model_name}" in ADMIN_ADD_PAGES:
            pages.append(reverse(f"admin:{app_label}_{model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"admin:{app_label}_{model_name}_change", args=[first.pk]))
    return pages


def test_every_admin_form_saves_or_names_its_fields_in_chromium(
    live_server, browser: Browser, personas, world
):
    context = _context(browser, live_server, personas, "admin")
    problems = []
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        for url in _admin_pages(world):
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            forms = _evaluate(page, FORMS_JS)
            for form in forms:
                page.goto(url)
                problem, _path = _submit(page, _evaluate(page, FORMS_JS), form)
                if problem:
                    problems.append(f"{url} “{form['name']}”: {problem}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_the_header_forms_switch_the_language_and_log_out_in_chromium(
    live_server, browser: Browser, personas
):
    """The two forms of every page's header, once each, by keyboard as a person would."""
    context = _context(browser, live_server, personas, "member")
    try:
        page = context.new_page()
        page.goto(reverse("governance:my_tasks"))
        page.get_by_role("button", name="Language: EN").press("Enter")
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            page.get_by_role("button", name="Français").press("Enter")
        assert sent.value.status == 302, sent.value.status
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert urlsplit(page.url).path == reverse("governance:my_tasks")

        page.locator("#user-menu").press("Enter")
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            page.get_by_role("button", name="Se déconnecter").press("Enter")
        assert sent.value.status == 302, sent.value.status
        page.wait_for_load_state("load")
        page.goto(reverse("governance:my_tasks"))
        assert urlsplit(page.url).path == resolve_url(settings.LOGIN_URL)
    finally:
        context.close()
