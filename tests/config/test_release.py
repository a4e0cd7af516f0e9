"""The release running is shown in every page's footer (the error pages' too) and in /healthz, and
CHANGELOG.md has a section for it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_footer_and_healthz_show_the_version(personas):
    client = Client()
    assert (
        f"Gouvernail {settings.VERSION} — " in client.get(reverse("account_login")).content.decode()
    )
    client.force_login(personas.member)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "fr"})
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert f"Gouvernail {settings.VERSION} — gouvernance" in page.content.decode()
    assert client.get("/healthz").json()["version"] == settings.VERSION


def test_the_changelog_has_a_section_for_the_version():
    changelog = (Path(settings.BASE_DIR) / "CHANGELOG.md").read_text()
    assert f"\n## {settings.VERSION}\n" in changelog
