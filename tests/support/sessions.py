"""Sessions the tests open without the login form."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from django.test import Client, RequestFactory


def reauthenticated(client: Client, user) -> None:
    """As if the user had just typed their password, which allauth asks before MFA changes."""
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, "password", email=user.email, reauthenticated=True)
    request.session.save()
