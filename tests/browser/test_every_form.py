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

The header's forms (language and logout) are on every page; they are submitted once each.
One world per area, as in the matrix, so that a submission in one area changes no other.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import make_personas, seed_reference_data
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
  window.__forms = Array.from(document.querySelectorAll('form'))
    .filter(f => f.method.toLowerCase() === 'post' && !f.closest('header') && buttonOf(f));
  return window.__forms.map(f => ({
    name: (f.getAttribute('action') || '') + ' | ' +
      (buttonOf(f).innerText || buttonOf(f).value || '').trim(),
    htmx: f.hasAttribute('hx-post') || !!f.closest('[hx-boost]'),
    button: buttonOf(f),
  })).map(({button, ...form}) => form);
}
"""

SUBMIT_JS = """
(index) => {
  const form = window.__forms[index];
  form.noValidate = true;
  const button = form.querySelector(
    'button[type=submit], button:not([type]), input[type=submit]'
  ) || Array.from(document.querySelectorAll('button[form]')).find(b => b.form === form);
  // After evaluate() returns: the navigation would otherwise destroy its context.
  setTimeout(() => form.requestSubmit(button), 0);
}
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


def _context(browser: Browser, live_server, personas, persona: str) -> BrowserContext:
    """A browser holding the persona's session, as if they had logged in."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    context.set_default_navigation_timeout(15_000)
    user = _user(personas, persona)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
    return context


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


def _submit(page: Page, forms: list[dict], form: dict) -> str | None:
    """Submit `form` of the open page; what is wrong with the answer ("" if nothing), or None
    when the page no longer shows that form (an earlier submission changed the world)."""
    kinds = [_kind(f) for f in forms]
    if _kind(form) not in kinds:
        return None
    index = kinds.index(_kind(form))
    before = set(_evaluate(page, DANGER_JS))
    posts = []
    page.on("response", lambda r: posts.append(r) if r.request.method == "POST" else None)
    with page.expect_response(lambda r: r.request.method == "POST"):
        _evaluate(page, SUBMIT_JS, index)
    page.wait_for_load_state("networkidle" if form["htmx"] else "load")
    answer = posts[0] if posts else None
    if answer is None:
        return "no POST was sent"
    status = answer.status
    if status >= 500:
        return f"answered {status}"
    if status == 403:
        body = answer.text() if answer.ok or status == 403 else ""
        reason = "a CSRF failure" if "CSRF" in body else "refused"
        return f"answered 403 ({reason}) to the persona it was shown to"
    if status in (404, 405):
        return f"answered {status}"
    if status == 200 and "text/html" in (answer.headers.get("content-type") or ""):
        refusals = [text for text in _evaluate(page, DANGER_JS) if text not in before]
        if refusals and not page.locator(FIELD_ERRORS).count():
            return f"refused as a whole: {refusals}"
    return ""


def _pages(area: str, world) -> list[tuple[tuple[str, int], str, str]]:
    """The area's pages: (URL name, row), the persona who opens it, its URL in this world."""
    pages = []
    for url_name, rows in EXPECTED.items():
        if _area(url_name) != area:
            continue
        for number, row in enumerate(rows):
            persona = _persona_for(row)
            if row.method == "get" and persona:
                url = reverse(url_name, kwargs=row.kwargs(world)) + row.query
                pages.append(((url_name, number), persona, url))
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


def _open(browser: Browser, live_server, personas, persona: str, url: str):
    """A fresh session of `persona` on `url` (a form may log out or switch the language): the
    page, the forms on it, or what kept it from showing any."""
    context = _context(browser, live_server, personas, persona)
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


def _submit_all(browser, live_server, personas, shown) -> tuple[list[str], list]:
    """Submit each shown form, the last pages first: a page's own buttons (complete, close,
    revoke) would otherwise take away the forms of the pages below it in the table. The
    problems found, and the forms an earlier submission took away."""
    problems, unreached = [], []
    for key, persona, url, form in reversed(shown):
        context, page, forms, _problem = _open(browser, live_server, personas, persona, url)
        try:
            problem = _submit(page, forms, form)
        finally:
            context.close()
        if problem is None:
            unreached.append((key, persona, url, form))
        elif problem:
            problems.append(f"{key[0]} “{_kind(form)}” as {persona} ({url}): {problem}")
    return problems, unreached


@pytest.mark.parametrize("area", AREAS)
def test_every_form_saves_or_names_its_fields_in_chromium(
    live_server, browser: Browser, personas, world, area
):
    problems: list[str] = []
    # First every page as the table's world has it, then its forms.
    shown = []
    for key, persona, url in _pages(area, world):
        context, _page, forms, problem = _open(browser, live_server, personas, persona, url)
        context.close()
        if problem:
            problems.append(f"{key[0]} as {persona} ({url}): {problem}")
        shown += [(key, persona, url, form) for form in forms]
    found, unreached = _submit_all(browser, live_server, personas, shown)
    problems += found
    if unreached:
        # What an earlier submission took away (the last item decided, the policy accepted)
        # is submitted again in a world of its own, as the table made it.
        wait_until(_server_idle, 30, what="the live server to finish its requests")
        personas, world = _fresh_world()
        urls = {key: url for key, _persona, url in _pages(area, world)}
        again = [(key, persona, urls[key], form) for key, persona, _url, form in unreached]
        found, unreached = _submit_all(browser, live_server, personas, again)
        problems += found
    assert not problems, "\n".join(problems)
    assert not unreached, "changed by an earlier submission, not submitted:\n" + "\n".join(
        f"{key[0]} “{_kind(form)}” as {persona} ({url})" for key, persona, url, form in unreached
    )


def _admin_pages(world) -> list[str]:
    """Each registered model's add page where adding is allowed, and one object's change page."""
    pages = []
    for model in admin.site._registry:
        app_label, model_name = model._meta.app_label, model._meta.model_name
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
                problem = _submit(page, _evaluate(page, FORMS_JS), form)
                if problem:
                    problems.append(f"{url} “{form['name']}”: {problem}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
