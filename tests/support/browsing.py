"""A Chromium context already signed in (or logged out), in a language and at a width: what every
browser test needs before it opens a page."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext

from tests.support.sessions import reauthenticated


def signed_in_context(
    browser: Browser,
    live_server,
    user,
    *,
    language: str = "en",
    width: int = 1440,
    fresh: bool = False,
    timeout_ms: int | None = None,
) -> BrowserContext:
    """A context holding `user`'s session, as if they had logged in (logged out when `user` is
    None; just reauthenticated when `fresh`), reading `language`, with a viewport `width` px
    wide; its waits give up after `timeout_ms` when given (Playwright's 30 s else)."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
        locale="fr-FR" if language == "fr" else "en-GB",
    )
    if timeout_ms is not None:
        context.set_default_timeout(timeout_ms)
        context.set_default_navigation_timeout(timeout_ms)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        if fresh:
            reauthenticated(client, user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    context.add_cookies(cookies)
    return context
