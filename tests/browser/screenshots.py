"""`make screenshots`: the main pages of the demo organisation, as the person who uses each, at
1440 and 390 px, in English and French, written to SCREENSHOTS_DIR with an index.html that
shows them side by side, so that a reviewer can look at all of them in a minute.

Not a test_ file, so `make test` leaves it out (it checks nothing the other browser tests do
not); `make screenshots` names it."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser

from accounts.models import Person, User
from audits.models import Audit
from channels_registry.models import Channel
from governance.offboarding.models import Offboarding
from governance.policies.models import Policy
from governance.reviews.models import AccessReview
from roadmap.models import Roadmap
from tests.support.browsing import signed_in_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WIDTHS = (1440, 390)
LANGUAGES = ("en", "fr")
LEAD, MEMBER, ADMIN = (
    "lead@demo.gouvernail.test",
    "member@demo.gouvernail.test",
    "admin@demo.gouvernail.test",
)


def _first(model, **filters) -> int:
    return model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True)[0]


def _pages() -> list[tuple[str, str, str]]:
    """(file name, who, URL) for each main page of the demo."""
    return [
        ("home-member", MEMBER, reverse("home")),
        ("home-lead", LEAD, reverse("home")),
        ("dashboard", LEAD, reverse("governance:index")),
        ("my-tasks", LEAD, reverse("governance:my_tasks")),
        ("channels", LEAD, reverse("channels_registry:index")),
        ("channel", LEAD, reverse("channels_registry:detail", args=[_first(Channel)])),
        ("platforms", LEAD, reverse("channels_registry:platforms")),
        ("people", LEAD, reverse("governance:people")),
        ("person", LEAD, reverse("governance:person", args=[_first(Person)])),
        ("matrix", LEAD, reverse("governance:matrix")),
        ("offboardings", LEAD, reverse("governance:offboardings")),
        ("offboarding", LEAD, reverse("governance:offboarding", args=[_first(Offboarding)])),
        ("reviews", LEAD, reverse("governance:reviews")),
        ("review", LEAD, reverse("governance:review", args=[_first(AccessReview)])),
        ("review-items", LEAD, reverse("governance:my_review_items")),
        ("policies", MEMBER, reverse("policies:index")),
        ("policy", LEAD, reverse("policies:detail", args=[_first(Policy)])),
        ("audits", LEAD, reverse("audits:index")),
        ("audit", LEAD, reverse("audits:detail", args=[_first(Audit)])),
        ("platform-evaluations", LEAD, reverse("audits:platforms")),
        ("roadmaps", LEAD, reverse("roadmap:index")),
        ("roadmap", LEAD, reverse("roadmap:detail", args=[_first(Roadmap)])),
        ("admin", ADMIN, reverse("admin:index")),
    ]


def test_screenshots_of_the_main_pages(live_server, browser: Browser, settings):
    settings.MFA_REQUIRED = False  # the demo's admin and lead have no second factor
    call_command("seed_demo", password="screenshots-only-1", verbosity=0)
    folder = Path(os.environ.get("SCREENSHOTS_DIR", "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    pages = _pages()
    shots: list[tuple[str, str, int, str]] = []  # (page, language, width, file)
    for language in LANGUAGES:
        for email in (MEMBER, LEAD, ADMIN):
            user = User.objects.get(email=email)
            context = signed_in_context(browser, live_server, user, language=language)
            page = context.new_page()
            for name, who, url in pages:
                if who != email:
                    continue
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                response = page.goto(url)
                assert response is not None and response.ok, (
                    f"{name}: {response and response.status}"
                )
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    file = f"{name}-{language}-{width}.png"
                    page.screenshot(path=folder / file, full_page=True)
                    shots.append((name, language, width, file))
            context.close()
    _write_index(folder, [name for name, _, _ in pages], shots)


def _write_index(folder: Path, names: list[str], shots: list[tuple[str, str, int, str]]) -> None:
    """index.html: one row per page, its four pictures side by side, each a link to itself."""
    files = {(name, language, width): file for name, language, width, file in shots}
    rows = []
    for name in names:
        cells = "".join(
            f'<td><a href="{html.escape(file)}"><img src="{html.escape(file)}" alt="{name} '
            f'{language} {width}" width="{240 if width > 400 else 100}"></a></td>'
            for language in LANGUAGES
            for width in WIDTHS
            if (file := files.get((name, language, width)))
        )
        rows.append(f"<tr><th>{html.escape(name)}</th>{cells}</tr>")
    head = "".join(f"<th>{lang} {width}px</th>" for lang in LANGUAGES for width in WIDTHS)
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Gouvernail screenshots'
        "</title><style>td,th{vertical-align:top;padding:4px;border:1px solid #ccc}</style>"
        f"<table><tr><th>page</th>{head}</tr>{''.join(rows)}</table></html>\n"
    )
