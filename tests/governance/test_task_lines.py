"""My tasks reads tasks and review items as plain values: each line names whom it is about as the
models do (Task.subject_name, Person.full_name), whatever handed the task out."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.demo import build_organisation
from governance.choices import TaskStatus
from governance.models import ReviewItem, Task
from governance.reminders.registry import reminder_kinds

pytestmark = pytest.mark.django_db


def test_each_line_names_its_subject_as_the_models_do():
    build_organisation("demo", password="unused-pass-1")
    now = timezone.now()
    tasks = {item.item_id: item for item in reminder_kinds["offboarding_task"].due_items(now)}
    expected = Task.objects.filter(status=TaskStatus.OPEN, assignee__isnull=False)
    assert tasks and set(tasks) == set(expected.values_list("pk", flat=True))
    origins = set()
    for task in expected:
        assert tasks[task.pk].params["subject"] == task.subject_name, task.origin
        origins.add(task.origin)
    assert len(origins) >= 2, origins  # the demo hands tasks out in more than one way
    items = {item.item_id: item for item in reminder_kinds["review_item"].due_items(now)}
    assert items
    for item in ReviewItem.objects.filter(pk__in=items).select_related("person", "channel"):
        params = items[item.pk].params
        assert (params["person"], params["channel"]) == (str(item.person), item.channel.name)
