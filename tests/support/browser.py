"""What the browser tests share: watching a page for errors, logging in through the form."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.factories import PASSWORD


def watch(page: Page, errors: list[str]) -> None:
    """Collect script errors and failed responses (CSP violations show as console errors)."""
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)


def log_in(page: Page, url: str, email: str) -> None:
    """Open `url` while logged out and fill the login form it leads to."""
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
