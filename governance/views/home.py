"""The access area's landing page: my access, my requests, and what is waiting for me."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.selectors import person_for_user
from governance.choices import HOLDING_STATUSES, TaskStatus
from governance.models import AccessGrant, AccessRequest, OffboardingTask
from governance.selectors import requests_to_decide
from governance.visibility import may_offboard, may_request, sees_everything


@login_required
def index(request: HttpRequest) -> HttpResponse:
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
            "to_decide": requests_to_decide(request.user).count(),
            "my_tasks": OffboardingTask.objects.filter(
                assignee=request.user, status=TaskStatus.OPEN
            )
            .select_related(
                "offboarding__person", "review_item__person", "grant__person", "channel"
            )
            .order_by("due_on")[:50],
            "may_request": may_request(request.user),
            "may_offboard": may_offboard(request.user),
            "sees_everything": sees_everything(request.user),
        },
    )
