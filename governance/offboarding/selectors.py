"""Reads of off-boardings, each starting from what the user sees."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.rules import sees_everything
from governance.choices import TaskStatus
from governance.models import Offboarding, Task


def progress_annotations() -> dict:
    return {
        "task_total": Count("tasks"),
        "task_done": Count("tasks", filter=Q(tasks__status=TaskStatus.DONE)),
    }


def offboardings_for(user) -> QuerySet[Offboarding]:
    queryset = (
        Offboarding.objects.select_related("person", "initiated_by")
        .annotate(**progress_annotations())
        .order_by("-created_at", "-pk")  # an aggregate drops Meta.ordering
    )
    if sees_everything(user):
        return queryset
    return queryset.filter(pk__in=Task.objects.filter(assignee=user).values("offboarding_id"))


def offboarding_for(user, pk: int) -> Offboarding:
    """One off-boarding the user may see (leads, auditors, or one of its assignees), or 404."""
    return get_object_or_404(offboardings_for(user), pk=pk)


def offboarding_tasks_for(user) -> QuerySet[Task]:
    """The tasks of the off-boardings the user sees: all of them to leads and auditors; to anyone
    else, every task of an off-boarding they were handed one of (as its page shows them)."""
    tasks = Task.objects.filter(offboarding__isnull=False)
    if sees_everything(user):
        return tasks
    return tasks.filter(offboarding__in=Task.objects.filter(assignee=user).values("offboarding_id"))
