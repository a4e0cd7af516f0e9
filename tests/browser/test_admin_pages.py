"""The Django admin opened in Chromium by the admin, with the demo organisation: its index, the
list of every model of the project's apps, its add page where adding is allowed, and the change
page of the list's first row, each at 1440 px in one language and 390 px in the other (English
and French alternate page by page). axe-core finds no critical or serious violation of WCAG 2.2
AA on any of them, and at 390 px no page is wider than the window.

The models are walked in chunks of apps, so that xdist can spread them; each chunk reuses one
browser context per language."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import Browser

from accounts.demo import build_organisation
from tests.support.axe import overflow, too_wide, violations, with_axe
from tests.support.browsing import signed_in_context
from tests.test_admin import PROJECT_APPS, _url
from tests.test_authorization_matrix import ADMIN_ADD_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1440, 390)
LANGUAGES = ("en", "fr")
# The apps in chunks of about the same number of pages; governance, which has the most, is
# walked in two halves ("governance/1of2": its first, third… model). The first chunk also opens
# the index.
CHUNKS = (
    ("accounts", "webhooks"),
    ("channels_registry",),
    ("governance/1of2",),
    ("governance/2of2",),
    ("audits", "roadmap"),
)
assert sorted({part.split("/")[0] for chunk in CHUNKS for part in chunk}) == sorted(PROJECT_APPS)


def _in(chunk: tuple[str, ...], app: str, position: int) -> bool:
    """Whether the chunk walks the `position`-th model (from 0) of `app`."""
    for part in chunk:
        name, _, share = part.partition("/")
        if name == app:
            if not share:
                return True
            number, _, of = share.partition("of")
            return position % int(of) == int(number) - 1
    return False


def _urls(chunk: tuple[str, ...], user) -> list[str]:
    """The chunk's pages: each list, and the change page of its first row when it has one."""
    request = RequestFactory().get("/")
    request.user = user
    urls = [reverse("admin:index")] if chunk == CHUNKS[0] else []
    registry = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
    positions: dict[str, int] = {}
    for model, model_admin in registry:
        app = model._meta.app_label
        positions[app] = position = positions.get(app, -1) + 1
        if not _in(chunk, app, position):
            continue
        urls.append(_url(model, "changelist"))
        if model._meta.label_lower in ADMIN_ADD_PAGES:
            urls.append(_url(model, "add"))
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            urls.append(_url(model, "change", first.pk))
    return urls


@pytest.mark.parametrize("chunk", CHUNKS, ids=lambda chunk: "+".join(chunk))
def test_the_admin_has_no_serious_accessibility_problem(
    live_server, browser: Browser, personas, chunk
):
    build_organisation("demo", password="unused-pass-1")
    urls = _urls(chunk, personas.admin)
    contexts = {
        language: with_axe(
            signed_in_context(browser, live_server, personas.admin, language=language)
        )
        for language in LANGUAGES
    }
    found: dict[str, dict[str, str]] = {}
    try:
        for number, url in enumerate(urls):
            languages = LANGUAGES if number % 2 == 0 else LANGUAGES[::-1]
            for width, language in zip(WIDTHS, languages, strict=True):
                page = contexts[language].new_page()
                try:
                    page.set_viewport_size({"width": width, "height": 900})
                    response = page.goto(url)
                    assert response is not None and response.ok, (
                        f"{url}: {response and response.status}"
                    )
                    assert re.search(r"/admin/", page.url), f"{url} led to {page.url}"
                    problems = violations(page)
                    if width < 576 and (wider := overflow(page)):
                        problems["overflow"] = f"{wider} px too wide: {', '.join(too_wide(page))}"
                    if problems:
                        found[f"{url} at {width} in {language}"] = problems
                finally:
                    page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert len(urls) > len(chunk)
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)
