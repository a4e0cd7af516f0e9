"""A test client that posts as a browser does: with the CSRF token a page gave it.

Django's plain test client skips the CSRF check, so a form that every browser submission fails
(a missing `{% csrf_token %}`, a validator that trips on `csrfmiddlewaretoken`) still passes its
tests. This client enforces the check and reads the token from a page before it posts: the
page of the form itself when it shows one, else the home page, else the login page.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

FIELD = "csrfmiddlewaretoken"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class BrowserClient(Client):
    """`Client(enforce_csrf_checks=True)` that fetches the token from a page before posting."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("enforce_csrf_checks", True)
        super().__init__(*args, **kwargs)
        self._token: tuple[str, str] | None = None  # (cookie it matches, token)

    def post(self, path, data=None, *args, **kwargs):
        token = self.csrf_token(path)
        if data is None:
            data = {}
        if isinstance(data, dict) and kwargs.get("content_type") is None:
            data = {FIELD: token, **data}
        else:
            kwargs["headers"] = {"X-CSRFToken": token, **(kwargs.get("headers") or {})}
        return super().post(path, data, *args, **kwargs)

    def csrf_token(self, path: str) -> str:
        """The token of the page that shows the form, as a browser would hold it."""
        cookie = self.cookies.get(settings.CSRF_COOKIE_NAME)
        if self._token and cookie is not None and cookie.value == self._token[0]:
            return self._token[1]
        for url in (path, "/", resolve_url(settings.LOGIN_URL)):
            token = self._token_on(url)
            if token:
                self._token = (self.cookies[settings.CSRF_COOKIE_NAME].value, token)
                return token
        raise AssertionError(f"no page near {path} gave a CSRF token")

    def _token_on(self, url: str) -> str | None:
        try:
            response = self.get(url)
        except Exception:  # a page that only answers a POST may raise on a GET
            return None
        if response.status_code != 200 or getattr(response, "streaming", False):
            return None
        match = TOKEN.search(response.content)
        if not match or settings.CSRF_COOKIE_NAME not in self.cookies:
            return None
        return match.group(1).decode()


_LOGIN_PAGE_TOKEN: tuple[str, str] | None = None


def client_with_login_page_token(**kwargs) -> BrowserClient:
    """A BrowserClient holding the token the login page gave once, as a browser keeps its cookie.

    For suites that make thousands of fresh clients (the authorization matrix): one page read
    instead of one per request. The token is tied to the cookie, not to the user.
    """
    global _LOGIN_PAGE_TOKEN
    if _LOGIN_PAGE_TOKEN is None:
        reader = BrowserClient()
        reader.csrf_token(resolve_url(settings.LOGIN_URL))
        _LOGIN_PAGE_TOKEN = reader._token
    client = BrowserClient(**kwargs)
    client.cookies[settings.CSRF_COOKIE_NAME] = _LOGIN_PAGE_TOKEN[0]
    client._token = _LOGIN_PAGE_TOKEN
    return client
