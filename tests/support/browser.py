"""What the browser tests share: watching a page for errors, logging in through the form,
choosing in a type-ahead picker."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from tests.factories import PASSWORD


def watch(page: Page, errors: list[str]) -> None:
    """Collect script errors and failed responses (CSP violations show as console errors)."""
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)


def watched_page(context: BrowserContext) -> tuple[Page, list[str]]:
    """A new page of `context`, and the list its script errors and failed responses go to."""
    page, errors = context.new_page(), []
    watch(page, errors)
    return page, errors


def log_in(page: Page, url: str, email: str) -> None:
    """Open `url` while logged out and fill the login form it leads to."""
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")


def pick(page: Page, label: str, text: str, option: str) -> None:
    """Choose `option` in the type-ahead picker whose select is labelled `label`
    (core.forms.TypeAhead): type `text` in its search box, wait for the option among the
    matches, choose it. The select holds no other choice until a search fills it."""
    select = page.get_by_label(label).and_(page.locator("select"))
    page.locator(f"#{select.get_attribute('id')}_search").fill(text)
    expect(select.locator("option", has_text=option)).to_have_count(1)
    select.select_option(label=option)
