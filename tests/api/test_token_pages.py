"""Tokens made in the browser: personal ones on the profile, service ones in the admin; the
secret is shown once, in the answer itself, never in a message cookie."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


def test_a_personal_token_is_made_shown_once_and_revoked(client, personas):
    client.force_login(personas.member)
    page = reverse("api_tokens")
    client.get(page)
    expires = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    made = client.post(page, {"name": "SIEM", "scopes": ["read"], "expires_on": expires})
    assert made.status_code == 200
    assert "no-cache" in made["Cache-Control"]
    token = ApiToken.objects.get(user=personas.member)
    secret = made.context["token"].secret
    assert secret.encode() in made.content and "messages" not in made.cookies
    assert (token.kind, token.scopes, token.created_by) == ("personal", ["read"], personas.member)
    listed = client.get(page)
    assert secret.encode() not in listed.content and token.prefix.encode() in listed.content
    assert Api(secret).get("teams/").status_code == 200
    client.post(reverse("api_token_revoke", args=[token.pk]))
    assert Api(secret).get("teams/").status_code == 401


def test_the_form_says_what_is_wrong(client, personas):
    client.force_login(personas.member)
    client.get(reverse("api_tokens"))
    late = (timezone.localdate() + dt.timedelta(days=500)).isoformat()
    answer = client.post(
        reverse("api_tokens"), {"name": "x", "scopes": ["read"], "expires_on": late}
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors == {"__all__": ["A token lasts at most 366 days."]}
    assert not ApiToken.objects.exists()


def test_an_admin_makes_a_service_token(client, personas):
    client.force_login(personas.admin)
    add = reverse("admin:accounts_apitoken_add")
    client.get(add)
    expires = timezone.localtime() + dt.timedelta(days=30)
    answer = client.post(
        add,
        {
            "name": "SIEM feed",
            "user": personas.auditor.pk,
            "scopes": ["read"],
            "expires_at_0": expires.date().isoformat(),
            "expires_at_1": "12:00:00",
        },
    )
    assert answer.status_code == 200, answer.content[:2000]
    token = ApiToken.objects.get()
    assert (token.kind, token.user, token.created_by) == (
        "service",
        personas.auditor,
        personas.admin,
    )
    secret = answer.context["secret"]
    assert "messages" not in answer.cookies and "no-cache" in answer["Cache-Control"]
    assert Api(secret).get("channels/").status_code == 200
