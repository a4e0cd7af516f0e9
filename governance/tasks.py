"""Background work of the governance app. Tasks take ids, re-fetch, and call a service."""

from __future__ import annotations

import random

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
    return services.offboarding_deactivate_due(now=timezone.now(), actor=None)


@shared_task(name="governance.tasks.reminders_sweep")
def reminders_sweep() -> dict:
    from governance.reminders.engine import sweep

    return sweep()


@shared_task(bind=True, name="governance.tasks.send_reminder_digest", max_retries=6)
def send_reminder_digest(self, recipient_id: int, routine: bool, now: str | None = None) -> int:
    """Send one recipient's digest; temporary mail errors retry with capped back-off and jitter."""
    from governance.reminders.engine import TemporaryDeliveryError, send_digest

    try:
        return send_digest(recipient_id=recipient_id, routine=routine)
    except TemporaryDeliveryError as error:
        delay = min(600, 30 * 2**self.request.retries) * random.uniform(0.8, 1.2)
        raise self.retry(exc=error, countdown=delay) from error


@shared_task(name="governance.tasks.reviews_close_due")
def reviews_close_due() -> int:
    return services.reviews_close_due(now=timezone.now())


@shared_task(name="governance.tasks.reviews_open_recurring")
def reviews_open_recurring() -> int:
    return services.reviews_open_recurring(now=timezone.now())


# Not retried as a whole (assignees already told would be told again): whoever the notice
# misses gets the task in the next reminder sweep, which never sends twice.
@shared_task(name="governance.tasks.offboarding_notify_assignees")
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
