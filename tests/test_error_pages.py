"""The error pages: the header, what happened, what to do and a way back, in the reader's
language (the 500 page without the request's context, so without the menus)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_with_the_header_and_a_way_home(client, personas):
    client.force_login(personas.member)
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page and 'aria-label="Main navigation"' in page
    assert f'href="{reverse("home")}"' in page and "Back to the home page" in page


def test_a_refused_page_says_who_can_help(client, personas):
    client.force_login(personas.member)
    person = personas.member.person
    response = client.get(reverse("governance:offboarding_start", args=[person.pk]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Access refused" in page and "ask a governance lead" in page


def test_the_error_pages_speak_the_readers_language(client, personas):
    client.force_login(personas.member)
    response = client.get("/no-such-page/", headers={"accept-language": "fr"})
    page = response.content.decode()
    assert '<html lang="fr">' in page
    with translation.override("fr"):
        assert translation.gettext("Page not found") in page
        assert translation.gettext("Page not found") != "Page not found"


def test_a_server_error_page_needs_no_context_and_shows_no_menu():
    request = RequestFactory().get("/")
    with translation.override("fr"):
        response = server_error(request)
        page = response.content.decode()
        assert translation.gettext("Something went wrong") in page
    assert response.status_code == 500
    assert "Gouvernail" in page and 'href="/"' in page
    assert "mfa-not-enforced" not in page and "user-menu" not in page
