"""'My tasks': everything the reminder providers say the user must do, overdue first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from governance.reminders.engine import my_tasks as tasks_of


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    sections = tasks_of(request.user)
    sections.sort(key=lambda s: -s["overdue"])
    return render(
        request,
        "governance/my_tasks.html",
        {
            "sections": sections,
            "today": timezone.localdate(),
            "total": sum(len(s["items"]) for s in sections),
        },
    )
