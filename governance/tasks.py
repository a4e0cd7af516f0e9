"""Background work of the governance app. Tasks take ids, re-fetch, and call a service."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import services
from governance.choices import TaskStatus
from governance.models import Offboarding


@shared_task(name="governance.tasks.offboarding_deactivate_due")
def offboarding_deactivate_due() -> int:
    return services.offboarding_deactivate_due(today=timezone.localdate(), actor=None)


@shared_task(name="governance.tasks.reviews_close_due")
def reviews_close_due() -> int:
    return services.reviews_close_due(today=timezone.localdate())


@shared_task(name="governance.tasks.reviews_open_recurring")
def reviews_open_recurring() -> int:
    return services.reviews_open_recurring(today=timezone.localdate())


@shared_task(
    name="governance.tasks.offboarding_notify_assignees",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def offboarding_notify_assignees(offboarding_id: int) -> int:
    """Tell every assignee at once which tasks a new off-boarding gives them."""
    offboarding = Offboarding.objects.select_related("person").get(pk=offboarding_id)
    tasks = offboarding.tasks.filter(status=TaskStatus.OPEN).select_related(
        "assignee", "channel", "grant__role"
    )
    by_assignee: dict = {}
    for task in tasks:
        if task.assignee is not None:
            by_assignee.setdefault(task.assignee, []).append(task)
    for assignee, owed in by_assignee.items():
        send_mail(
            subject=_("%(person)s is leaving: %(count)s tasks for you")
            % {"person": offboarding.person, "count": len(owed)},
            message=render_to_string(
                "governance/email/offboarding_notice.txt",
                {"offboarding": offboarding, "tasks": owed, "assignee": assignee},
            ),
            from_email=None,
            recipient_list=[assignee.email],
        )
    return len(by_assignee)
