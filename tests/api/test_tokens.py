"""API tokens: stored hashed, shown once, refused when expired, revoked or their user is
deactivated, narrowed by their scopes; the history names the token as the channel."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import services
from accounts.models import ApiToken, ObjectChange
from accounts.scopes import scope_allows
from tests.api.conftest import Api, make_token

pytestmark = pytest.mark.django_db


def test_only_the_hash_and_a_prefix_are_kept(personas):
    token = make_token(personas.lead, ["read"])
    stored = ApiToken.objects.get(pk=token.pk)
    assert token.secret.startswith("gvapi_") and len(token.secret) > 40
    assert stored.token_hash == hashlib.sha256(token.secret.encode()).hexdigest()
    assert token.secret.startswith(stored.prefix) and len(stored.prefix) == 12
    assert not hasattr(stored, "secret")
    assert token.secret not in str(ObjectChange.objects.for_object(stored).get().changes)


def test_a_token_acts_as_its_user_and_notes_its_last_use(personas):
    token = make_token(personas.lead, ["read"])
    answer = Api(token.secret).get("people/")
    assert answer.status_code == 200
    assert len(answer.json()["results"]) == 5  # the lead sees the whole directory
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize("secret", ["", "gvapi_nothing", "nonsense", "gvscim_x"])
def test_unknown_or_missing_tokens_get_401_problem(personas, secret):
    answer = Api(secret or None).get("channels/")
    assert answer.status_code == 401
    assert answer["Content-Type"] == "application/problem+json"
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert answer.json()["status"] == 401


def test_an_expired_token_is_refused(personas):
    token = make_token(personas.lead, ["read"], days=2)
    api = Api(token.secret)
    assert api.get("teams/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        answer = api.get("teams/")
    assert answer.status_code == 401
    assert answer.json()["detail"] == "This token is revoked or expired."


def test_a_revoked_token_is_refused_at_once(personas):
    token = make_token(personas.owner, ["read"])
    api = Api(token.secret)
    assert api.get("teams/").status_code == 200
    services.api_token_revoke(actor=personas.owner, token=token)
    assert api.get("teams/").status_code == 401
    revoked = ApiToken.objects.get(pk=token.pk)
    assert revoked.revoked_by == personas.owner and revoked.revoked_at is not None


def test_a_deactivated_user_is_refused_at_once(personas):
    token = make_token(personas.member, ["read"])
    api = Api(token.secret)
    assert api.get("teams/").status_code == 200
    personas.member.is_active = False
    personas.member.save()
    answer = api.get("teams/")
    assert answer.status_code == 401
    assert answer.json()["detail"] == "This token's account is deactivated."


def test_no_token_for_a_deactivated_account_nor_without_scope_or_expiry(personas):
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(
            actor=personas.admin,
            user=personas.deactivated,
            kind="service",
            name="",
            scopes=["root"],
            expires_at=now - dt.timedelta(days=1),
            now=now,
        )
    assert set(refused.value.message_dict) == {"user", "name", "scopes", "expires_at"}
    with pytest.raises(ValidationError, match="at most 366 days"):
        services.api_token_create(
            actor=personas.lead,
            user=personas.lead,
            kind="personal",
            name="CI",
            scopes=["read"],
            expires_at=now + dt.timedelta(days=400),
            now=now,
        )


@pytest.mark.parametrize(
    ("scopes", "area", "write", "allowed"),
    [
        (["read"], "channels", False, True),
        (["read"], "channels", True, False),
        (["write"], "access", True, True),
        (["write"], "access", False, True),
        (["channels:read"], "channels", False, True),
        (["channels:read"], "access", False, False),
        (["access:write"], "access", False, True),
        (["access:write"], "people", False, False),
        (["channels:write"], "channels", True, True),
        (["channels:read", "access:write"], "channels", True, False),
    ],
)
def test_scopes(scopes, area, write, allowed):
    assert scope_allows(scopes, area=area, write=write) is allowed


def test_a_token_without_the_area_gets_403(personas):
    api = Api(make_token(personas.lead, ["channels:read"]).secret)
    assert api.get("channels/").status_code == 200
    answer = api.get("grants/")
    assert answer.status_code == 403
    assert answer.json()["detail"] == "This token's scopes do not allow this."


def test_writes_name_the_token_in_the_history(personas, world):
    token = make_token(personas.owner, ["access:write"])
    answer = Api(token.secret).post(
        f"requests/{world.request.pk}/refuse/", {"comment": "Ask the lead of your team"}
    )
    assert answer.status_code == 200, answer.content
    change = ObjectChange.objects.for_object(world.request).order_by("-pk").first()
    assert change.actor == personas.owner
    assert change.actor_label == f"owner@example.org (API token {token.prefix})"
