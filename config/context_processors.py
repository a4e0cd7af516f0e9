"""Values every page needs."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core.navigation import navigation_for


def site(request: HttpRequest) -> dict:
    return {
        "mfa_enforced": settings.MFA_REQUIRED,
        "signup_open": settings.SIGNUP_OPEN,
        "my_tasks_count": SimpleLazyObject(lambda: _my_tasks_count(request.user)),
        "navigation": SimpleLazyObject(lambda: _navigation(request)),
    }


def _navigation(request: HttpRequest) -> dict:
    header, area_links, area = navigation_for(request.user, request.path)
    return {"header": header, "area_links": area_links, "area": area}


def _my_tasks_count(user) -> int:
    """The header's count: the same source as My tasks, cached until a change is committed."""
    if not user.is_authenticated:
        return 0
    from governance.reminders.engine import my_tasks_count

    return my_tasks_count(user)
