"""Values every page needs."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"mfa_enforced": settings.MFA_REQUIRED, "signup_open": settings.SIGNUP_OPEN}
