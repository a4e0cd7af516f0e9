"""django-allauth hooks: sign-up is closed unless SIGNUP_OPEN is set; a person setting up their
first second factor just after signing in is not asked for their password again."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.SIGNUP_OPEN

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any change to a person's factors, even
        one second after they typed it. Someone whose role makes them set up a first factor on
        their way in (accounts.middleware) has just proved who they are: their first factor is
        set up without that step. Adding a second factor, or removing one, still asks."""
        if app == "allauth.mfa" and self._signed_in_moments_ago_without_a_factor():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _signed_in_moments_ago_without_a_factor(self) -> bool:
        request = self.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        records = get_authentication_records(request, user)
        if not records:
            return False
        age = time.time() - records[-1]["at"]
        if age >= account_settings.REAUTHENTICATION_TIMEOUT:
            return False
        return not Authenticator.objects.filter(user=user).exists()
