"""A Chromium context already signed in, in a language and at a width: what the browser tests
of a single page need before they open it."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext


def signed_in_context(
    browser: Browser, live_server, user, *, language: str = "en", width: int = 1440
) -> BrowserContext:
    """A context holding `user`'s session, as if they had logged in, reading `language`, with a
    viewport `width` px wide."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
        locale="fr-FR" if language == "fr" else "en-GB",
    )
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
    return context
