"""Writes of tasks that every feature shares."""

from __future__ import annotations

from collections.abc import Iterable

from accounts.choices import ChangeAction
from accounts.history import history_bulk_record_changes
from governance.actions.models import OffboardingTask


def tasks_create(*, actor, tasks: Iterable[OffboardingTask], message: str) -> list[OffboardingTask]:
    """Hand out tasks in bulk, each with its history row (`message` says why: gettext_noop'd).

    Runs in the caller's transaction: the tasks exist together with what gave rise to them."""
    created = OffboardingTask.objects.bulk_create(tasks, batch_size=1000)
    history_bulk_record_changes(
        actor=actor,
        entries=[
            (task, {"kind": [None, task.kind], "assignee": [None, str(task.assignee)]})
            for task in created
        ],
        action=ChangeAction.CREATE,
        message=message,
    )
    return created
