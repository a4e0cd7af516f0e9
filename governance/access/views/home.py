"""The access area's landing page: my access, my requests, and what is waiting for me."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.rules import sees_everything
from accounts.selectors import person_for_user
from governance.choices import HOLDING_STATUSES
from governance.models import AccessGrant, AccessRequest
from governance.reminders.engine import my_tasks
from governance.reminders.mine import count_of
from governance.rules import may_offboard, may_request

# The reminder kinds this page shows (governance.reminders.providers).
TASKS, REQUESTS, REVIEWS = "offboarding_task", "access_request", "review_item"
SHOWN_TASKS = 20  # the soonest due; My tasks lists them all


@login_required
def index(request: HttpRequest) -> HttpResponse:
    # What the user must do comes from My tasks' source, so the counts agree with it.
    # Review items are only counted here (a lead may have thousands): the database counts them.
    mine = {s["key"]: s for s in my_tasks(request.user, kinds=(TASKS, REQUESTS))}
    tasks = mine[TASKS]["items"] if TASKS in mine else []
    person = person_for_user(request.user)
    my_grants = my_requests = []
    if person is not None:
        my_grants = AccessGrant.objects.filter(
            person=person, status__in=HOLDING_STATUSES
        ).select_related("channel__platform", "role")
        my_requests = AccessRequest.objects.filter(person=person).select_related("channel", "role")[
            :20
        ]
    return render(
        request,
        "governance/index.html",
        {
            "person": person,
            "my_grants": my_grants,
            "my_requests": my_requests,
            "to_decide": len(mine[REQUESTS]["items"]) if REQUESTS in mine else 0,
            "to_review": count_of(request.user, REVIEWS),
            "tasks": mine.get(TASKS),
            "shown_tasks": tasks[:SHOWN_TASKS],
            "more_tasks": max(len(tasks) - SHOWN_TASKS, 0),
            "today": timezone.localdate(),
            "may_request": may_request(request.user),
            "may_offboard": may_offboard(request.user),
            "sees_everything": sees_everything(request.user),
        },
    )
