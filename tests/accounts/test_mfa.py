"""MFA: set-up and login with a TOTP code computed here; enforcement for privileged roles."""

import datetime

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts import roles
from tests.factories import PASSWORD, UserFactory, give_totp
from tests.support.totp import fresh_code

pytestmark = pytest.mark.django_db


def _login(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def test_totp_set_up_then_login_asks_for_the_code(client):
    user = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    _login(client, user.email)

    # The lead is sent to MFA set-up before anything else.
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")

    # Having just typed the password, the lead is not asked for it again: the set-up opens.
    client.csrf_token(reverse("mfa_activate_totp"))  # read now: each showing draws a new secret
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": fresh_code(secret)})
    assert response.status_code == 302, response.context["form"].errors
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("home")).status_code == 200

    client.post(reverse("account_logout"))
    response = _login(client, user.email)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": fresh_code(secret)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_setting_up_a_first_factor_later_asks_for_the_password_again(client):
    user = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    signed_in = datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(signed_in, tick=False):
        _login(client, user.email)
    with time_machine.travel(signed_in + datetime.timedelta(minutes=10), tick=False):
        response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_a_second_factor_asks_for_the_password_even_just_after_signing_in(client):
    user = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    secret = give_totp(user)
    _login(client, user.email)
    client.post(reverse("mfa_authenticate"), {"code": fresh_code(secret)})
    response = client.get(reverse("mfa_generate_recovery_codes"))
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_recovery_codes_are_offered_after_set_up(client):
    user = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    give_totp(user)
    client.force_login(user)
    response = client.get(reverse("mfa_index"))
    assert response.status_code == 200
    assert b"Recovery Codes" in response.content
    assert b"Security Keys" in response.content


def test_staff_without_mfa_cannot_reach_the_admin(client):
    staff = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    give_totp(staff)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_team_member_is_not_forced_to_set_up_mfa(client):
    member = UserFactory(roles=[roles.TEAM_MEMBER])
    client.force_login(member)
    assert client.get(reverse("home")).status_code == 200


def test_enforcement_can_be_turned_off_and_every_page_says_so(client, settings):
    settings.MFA_REQUIRED = False
    lead = UserFactory(roles=[roles.GOVERNANCE_LEAD])
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b'id="mfa-not-enforced"' in response.content
    client.logout()
    assert b'id="mfa-not-enforced"' in client.get(reverse("account_login")).content


def test_the_second_factor_secret_is_encrypted_at_rest(personas):
    from allauth.mfa.models import Authenticator

    from tests.factories import give_totp

    user = personas.member
    secret = give_totp(user)
    stored = Authenticator.objects.get(user=user, type="totp").data["secret"]
    assert stored.startswith("fernet:") and secret not in stored
