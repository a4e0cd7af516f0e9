"""Scheduled work on the people directory. Tasks are thin: they call a service."""

from celery import shared_task
from django.utils import timezone

from accounts.services import people_mark_leavers_left as mark_leavers_left


@shared_task(name="accounts.tasks.people_mark_leavers_left")
def people_mark_leavers_left() -> int:
    return mark_leavers_left(today=timezone.localdate(), actor=None)
