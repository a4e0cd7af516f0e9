"""Users see their sessions and can end the others."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.support.csrf import BrowserClient

pytestmark = pytest.mark.django_db


def test_user_ends_their_other_sessions():
    user = UserFactory(email="camille@example.org")
    laptop, phone = BrowserClient(), BrowserClient()
    for client in (laptop, phone):
        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert page.context["session_count"] == 2
    laptop.post(reverse("usersessions_list"))
    assert laptop.get(reverse("home")).status_code == 200
    assert phone.get(reverse("home")).status_code == 302
