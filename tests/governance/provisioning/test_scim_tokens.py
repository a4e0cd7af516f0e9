"""SCIM tokens (governance/provisioning/models.py, services.py, auth.py, admin.py): hashed, shown once,
revocable, their last use and every call recorded; they open /scim/v2/ and nothing else, and a
browser session opens nothing there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import IntegrityError
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from accounts.models import ObjectChange
from accounts.tokens import token_hash
from governance.provisioning.models import ScimCall, ScimToken
from governance.provisioning.services import (
    scim_call_record,
    scim_token_revoke,
    scim_token_update,
)
from tests.governance.provisioning.scim_support import ScimClient, make_token, user_body
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2030, 3, 3, 9, 0, tzinfo=dt.UTC)


def test_only_the_hash_and_a_prefix_are_kept(personas):
    token = make_token("Okta", actor=personas.admin)
    stored = ScimToken.objects.get(pk=token.pk)
    assert stored.token_hash == token_hash(token.secret) and token.secret not in stored.token_hash
    assert token.secret.startswith(stored.prefix) and len(stored.prefix) < 16
    assert stored.created_by == personas.admin
    history = ObjectChange.objects.for_object(stored).get()
    assert token.secret not in str(history.changes)


def test_calls_are_recorded_and_the_last_use_shown(client):
    token = make_token()
    scim = ScimClient(token.secret)
    scim.post("Users", user_body("ann@example.org"))
    scim.get("Users/unknown")
    token.refresh_from_db()
    assert token.last_used_at is not None
    calls = list(ScimCall.objects.order_by("at", "pk").values_list("method", "status", "path"))
    assert ScimCall.objects.get(status=201).outcome == "Created"
    assert calls == [("POST", 201, "/scim/v2/Users"), ("GET", 404, "/scim/v2/Users/unknown")]
    assert ScimCall.objects.get(status=201).resource_id
    for call in ScimCall.objects.all():
        assert token.secret not in f"{call.path} {call.outcome}"


def test_a_revoked_token_is_refused_and_its_call_recorded(personas):
    token = make_token()
    scim_token_revoke(actor=personas.admin, token=token, now=NOW)
    response = ScimClient(token.secret).get("Users")
    assert response.status_code == 401 and response.json()["status"] == "401"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert ScimCall.objects.get().status == 401
    token.refresh_from_db()
    assert (token.revoked_at, token.revoked_by) == (NOW, personas.admin)


def test_no_token_or_an_unknown_one_opens_nothing_and_writes_nothing():
    for header in (
        {},
        {"HTTP_AUTHORIZATION": "Bearer gvscim_not-a-token"},
        {"HTTP_AUTHORIZATION": "Basic eDp5"},
    ):
        response = Client().get("/scim/v2/Users", **header)
        assert response.status_code == 401
    assert not ScimCall.objects.exists()


def test_a_browser_session_opens_nothing_on_scim(personas):
    client = Client()
    client.force_login(personas.admin)
    assert client.get("/scim/v2/Users").status_code == 401
    assert (
        client.post(
            "/scim/v2/Users", user_body("x@example.org"), content_type="application/json"
        ).status_code
        == 401
    )


@pytest.mark.parametrize(
    "url", ["/", "/channels/", "/access/people/", "/admin/", "/admin/governance/scimtoken/"]
)
def test_a_scim_token_opens_nothing_else(url, personas):
    token = make_token()
    response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token.secret}")
    assert response.status_code == 302  # to a login page: the token is nobody
    assert "login" in response["Location"]


def _readable(cookie) -> str:
    """What anyone holding the cookie reads in it (a messages cookie decoded: signed, not
    encrypted)."""
    if cookie.key == "messages":
        return str([str(m) for m in CookieStorage(HttpRequest())._decode(cookie.value) or []])
    return cookie.value


def test_an_admin_creates_a_token_and_sees_its_secret_once(personas):
    client = Client()
    client.force_login(personas.admin)
    response = client.post(reverse("admin:governance_scimtoken_add"), {"name": "Okta"})
    # Neither a cookie (the messages' signed, readable cookie storage) nor the session carries it.
    carried = [_readable(cookie) for cookie in response.cookies.values()]
    assert not [c for c in carried if "gvscim_" in c]
    assert "gvscim_" not in str(dict(client.session.items()))
    assert response.status_code == 200
    token = ScimToken.objects.get(name="Okta")
    page = response.content.decode()
    secret = next(w for w in page.replace(">", " ").replace("<", " ").split() if "gvscim_" in w)
    assert token_hash(secret) == token.token_hash and page.count(secret) == 1
    assert "no-store" in response["Cache-Control"]
    page = client.get(reverse("admin:governance_scimtoken_change", args=[token.pk]))
    assert secret not in page.content.decode() and token.prefix in page.content.decode()
    assert ScimClient(secret).get("Users").status_code == 200


def test_an_admin_revokes_tokens_by_the_action(personas):
    token = make_token()
    client = Client()
    client.force_login(personas.admin)
    url = reverse("admin:governance_scimtoken_changelist")
    data = {"action": "revoke", "_selected_action": [token.pk]}
    assert client.post(url, data).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == personas.admin
    assert ScimClient(token.secret).get("Users").status_code == 401


def _provision(count: int) -> None:
    scim = ScimClient(make_token(f"seed {count}").secret)
    group = scim.post(
        "Groups",
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": f"g{count}"},
    ).json()
    for n in range(count):
        scim_id = scim.post("Users", user_body(f"user{count}-{n}@example.org")).json()["id"]
        scim.patch(
            f"Groups/{group['id']}",
            [{"op": "add", "path": "members", "value": [{"value": scim_id}]}],
        )


@pytest.mark.parametrize("size", [2, 12])
def test_the_users_list_runs_the_same_queries_whatever_its_size(size):
    _provision(size)
    scim = ScimClient(make_token("reader").secret)
    with pinned_queries("governance/provisioning/users"):
        response = scim.get("Users")
    assert response.status_code == 200 and response.json()["totalResults"] == size


def test_a_call_and_the_tokens_last_use_are_written_together_or_not_at_all():
    token = make_token()
    with pytest.raises(IntegrityError):  # a status the database refuses: the call is not written
        scim_call_record(token=token, now=NOW, method="GET", path="/scim/v2/Users", status=-1)
    token.refresh_from_db()
    assert token.last_used_at is None and not ScimCall.objects.exists()


def test_renaming_a_token_records_what_changed(personas):
    token = make_token("Okta")
    scim_token_update(actor=personas.admin, token=token, name="Okta (staff)", provider=None)
    scim_token_update(actor=personas.admin, token=token, name="Okta (staff)", provider=None)
    changes = ObjectChange.objects.for_object(token).filter(action="update")
    assert [c.changes for c in changes] == [{"name": ["Okta", "Okta (staff)"]}]
