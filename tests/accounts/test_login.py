"""Login, logout, wrong password and throttling, through allauth's real views."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_with_email_lands_on_home(client):
    user = UserFactory(email="camille@example.org")
    response = _login(client, "Camille@Example.org", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert int(client.session["_auth_user_id"]) == user.pk
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert b"Welcome" in home.content


def test_wrong_password_explains_and_does_not_log_in(client):
    UserFactory(email="camille@example.org")
    response = _login(client, "camille@example.org", "not the password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b"The email address and/or password you specified are not correct." in response.content


def test_logout_ends_the_session(client):
    UserFactory(email="camille@example.org")
    _login(client, "camille@example.org", PASSWORD)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_repeated_failures_are_throttled_even_with_the_right_password(client):
    UserFactory(email="camille@example.org")
    for _ in range(5):
        assert _login(client, "camille@example.org", "wrong").status_code == 200
    response = _login(client, "camille@example.org", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in response.content


def test_deactivated_user_cannot_log_in(client):
    UserFactory(email="gone@example.org", is_active=False)
    response = _login(client, "gone@example.org", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)


def test_public_sign_up_is_closed_by_default(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert b"Sign Up Closed" in response.content


def test_sign_up_opens_with_the_setting(client, settings):
    settings.SIGNUP_OPEN = True
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-Long-pass-phrase-9",
            "password2": "a-Long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    from accounts.models import User

    assert User.objects.filter(email="new@example.org").exists()
