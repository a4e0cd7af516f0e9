"""Users see their sessions and can end the others; a session's activity is saved once a minute."""

import datetime as dt

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_ACTIVITY_SECONDS
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


def test_a_sessions_activity_is_recorded_once_a_minute_and_a_new_address_then(client):
    user = UserFactory(email="dominique@example.org")
    start = timezone.now().replace(microsecond=0)

    def at(seconds, **request):
        with time_machine.travel(start + dt.timedelta(seconds=seconds), tick=False):
            client.get(reverse("home"), **request)
        return UserSession.objects.values_list("last_seen_at", "ip").get(user=user)

    with time_machine.travel(start, tick=False):
        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert at(1) == (start + dt.timedelta(seconds=1), "127.0.0.1")
    # Within the minute: neither the time nor a new address is saved.
    assert at(10, REMOTE_ADDR="10.0.0.9") == (start + dt.timedelta(seconds=1), "127.0.0.1")
    later = SESSION_ACTIVITY_SECONDS + 2
    assert at(later, REMOTE_ADDR="10.0.0.9") == (start + dt.timedelta(seconds=later), "10.0.0.9")
    # The cache names the session by a digest, never by its key.
    assert cache.get(f"session-activity:{client.session.session_key}") is None
