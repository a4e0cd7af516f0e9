"""The reminder kinds of the governance app: review items, off-boarding tasks, expiring access,
access requests waiting for a decision. Each answers in one or two queries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from channels_registry.reference import ROLE
from core.i18n import shown
from governance.choices import (
    GrantStatus,
    RequestStatus,
    ReviewStatus,
    TaskKind,
    TaskOrigin,
    TaskStatus,
)
from governance.models import AccessGrant, AccessRequest, ReviewItem, Task
from governance.reminders.registry import DueItem, ReminderKind, TaskLine
from governance.responsibility import Excluded, Responsibility

NAMES = ("first_name", "last_name")
REQUEST_DECISION_DAYS = 3
EXPIRY_NOTICE_DAYS = 14


def _shown_role(params: dict) -> dict:
    """The line's role in the recipient's language where it is a seeded one."""
    return {**params, "role": shown(params["role"], ROLE)}


def _review_line(params: dict) -> str:
    return gettext("Review %(person)s — %(role)s on %(channel)s") % _shown_role(params)


def _undecided_items(recipient=None):
    items = ReviewItem.objects.filter(
        review__status=ReviewStatus.OPEN,
        decision="",
        submitted_at__isnull=True,
        reviewer__isnull=False,
    )
    return items if recipient is None else items.filter(reviewer=recipient)


def _review_items(now, recipient=None):
    """Undecided items of open campaigns, read as plain values: a lead may have hundreds."""
    items = _undecided_items(recipient)
    url = reverse("governance:my_review_items")
    rows = items.values_list(
        "pk",
        "reviewer_id",
        "person__first_name",
        "person__last_name",
        "role_name",
        "channel__name",
        "review_id",
        "review__name",
        "review__due_on",
    )
    for pk, reviewer, first, last, role, channel, review, campaign, due_on in rows.iterator(
        chunk_size=2000
    ):
        yield DueItem(
            pk,
            reviewer,
            {
                "person": f"{first} {last}".strip(),  # Person.full_name
                "role": role,
                "channel": channel,
                "review": review,
                "campaign": campaign,
            },
            url,
            due_on,
            _review_line,
        )


def _review_campaigns(items: list[DueItem]) -> list[TaskLine]:
    """One line per campaign, linking to its items: a reviewer decides them together."""
    campaigns: dict[int, list[DueItem]] = {}
    for item in items:
        campaigns.setdefault(item.params["review"], []).append(item)
    url = reverse("governance:my_review_items")
    lines = []
    for review_id, mine in campaigns.items():
        count = len(mine)
        title = ngettext(
            "%(campaign)s: %(count)s item to decide",
            "%(campaign)s: %(count)s items to decide",
            count,
        ) % {"campaign": mine[0].params["campaign"], "count": count}
        lines.append(TaskLine(title, f"{url}?review={review_id}", mine[0].due_on, count))
    return lines


def _task_line(params: dict) -> str:
    return gettext("%(task)s: %(channel)s (%(subject)s)") % {
        **params,
        "task": TaskKind(params["kind"]).label,
    }


# Whose access a task is about, by what handed it out (Task.subject): the first and last name
# columns of that person.
SUBJECT: dict[str, str] = {
    TaskOrigin.OFFBOARDING: "offboarding__person",
    TaskOrigin.REVIEW: "review_item__person",
    TaskOrigin.EXPIRY: "grant__person",
    TaskOrigin.DRIFT: "drift_finding__person",
}
SUBJECT_COLUMNS = tuple(f"{path}__{name}" for path in SUBJECT.values() for name in NAMES)


def _subject_name(origin: str, names: dict) -> str:
    """Task.subject_name from plain values: the person, else the name the platform shows."""
    path = SUBJECT.get(origin, SUBJECT[TaskOrigin.EXPIRY])
    first, last = (names[f"{path}__{name}"] for name in NAMES)
    if first is None and last is None:
        return names["drift_finding__holder__name"] or "" if origin == TaskOrigin.DRIFT else ""
    return f"{first or ''} {last or ''}".strip()


def _open_tasks(recipient=None):
    tasks = Task.objects.filter(status=TaskStatus.OPEN, assignee__isnull=False)
    return tasks if recipient is None else tasks.filter(assignee=recipient)


def _offboarding_tasks(now, recipient=None, only=None):
    """Open tasks with an assignee, read as plain values (no model per task)."""
    tasks = _open_tasks(recipient)
    if only is not None:
        tasks = tasks.filter(pk__in=only)
    link = reverse("governance:task_confirm", args=[0])
    rows = tasks.values(
        "pk",
        "assignee_id",
        "kind",
        "origin",
        "due_on",
        "channel__name",
        "drift_finding__holder__name",
        *SUBJECT_COLUMNS,
    )
    for row in rows.iterator(chunk_size=2000):
        yield DueItem(
            row["pk"],
            row["assignee_id"],
            {
                "kind": row["kind"],
                "channel": row["channel__name"],
                "subject": _subject_name(row["origin"], row),
            },
            link.replace("/0/", f"/{row['pk']}/"),
            row["due_on"],
            _task_line,
        )


def _expiry_line(params: dict) -> str:
    return gettext(
        "Access of %(person)s (%(role)s) on %(channel)s expires: extend it or revoke it"
    ) % _shown_role(params)


# What an expiring grant's reminder reads, as plain values, in this order.
EXPIRING_GRANT_VALUES = (
    "pk",
    "person_id",
    "person__user_id",
    "person__first_name",
    "person__last_name",
    "role__name",
    "channel_id",
    "channel__name",
    "expires_on",
    "channel__business_owner_id",
    "channel__business_owner__user_id",
    "channel__business_owner__user__is_active",
    "channel__backup_owner_id",
    "channel__backup_owner__user_id",
    "channel__backup_owner__user__is_active",
)


def _expiring_grants(now, recipient=None):
    """Read as plain values: a large organisation has thousands of grants expiring each month."""
    today = timezone.localdate(now)
    rows = AccessGrant.objects.filter(
        status=GrantStatus.ACTIVE,
        expires_on__isnull=False,
        expires_on__lte=today + dt.timedelta(days=EXPIRY_NOTICE_DAYS),
    ).values_list(*EXPIRING_GRANT_VALUES)
    responsibility = Responsibility()
    channels = reverse("channels_registry:index")
    for row in rows.iterator(chunk_size=5000):
        pk, person_id, person_user, first, last, role, channel_id, channel, expires_on = row[:9]
        responsible = _next_in_line(responsibility, person_id, person_user, row[9:12], row[12:])
        if responsible is None or (recipient is not None and responsible != recipient.pk):
            continue
        yield DueItem(
            pk,
            responsible,
            {"person": f"{first} {last}".strip(), "role": role, "channel": channel},
            f"{channels}{channel_id}/access/",
            expires_on,
            _expiry_line,
        )


def _next_in_line(responsibility: Responsibility, person_id, user_id, owner, backup):
    """The user who must act on a grant (governance.responsibility, from plain values: the
    owner's and the backup's (person id, user id, user active), never the holder's), or None."""
    excluded = Excluded.ids(person_id, user_id)
    for candidate, candidate_user, active in (owner, backup):
        if responsibility.may_act(candidate, candidate_user, active, excluded=excluded):
            return candidate_user
    fallback = responsibility.fallback(excluded=excluded)
    return fallback.pk if fallback is not None else None


def _request_line(params: dict) -> str:
    return gettext("Decide the request of %(person)s for %(role)s on %(channel)s") % _shown_role(
        params
    )


def _access_requests(now, recipient=None):
    requests = AccessRequest.objects.filter(status=RequestStatus.PENDING).select_related(
        "person", "role", "channel__business_owner__user", "channel__backup_owner__user"
    )
    responsibility = Responsibility()
    url = reverse("governance:requests")
    for request in requests.iterator(chunk_size=2000):
        decider = responsibility.for_channel(request.channel, subject=request.person)
        if decider is None or decider.pk == request.requested_by_id:
            continue
        if recipient is not None and decider.pk != recipient.pk:
            continue
        yield DueItem(
            request.pk,
            decider.pk,
            {
                "person": str(request.person),
                "role": request.role.name,
                "channel": request.channel.name,
            },
            url,
            timezone.localdate(request.requested_at) + dt.timedelta(days=REQUEST_DECISION_DAYS),
            _request_line,
        )


KINDS = (
    ReminderKind(
        "offboarding_task",
        _("Revocations and hand-overs"),
        _offboarding_tasks,
        _task_line,
        urgent=True,
        order=10,
        count=lambda now, recipient: _open_tasks(recipient).count(),
    ),
    ReminderKind(
        "review_item",
        _("Access reviews"),
        _review_items,
        _review_line,
        order=20,
        group=_review_campaigns,
        count=lambda now, recipient: _undecided_items(recipient).count(),
    ),
    ReminderKind(
        "access_request",
        _("Access requests to decide"),
        _access_requests,
        _request_line,
        before=(1,),
        order=30,
    ),
    ReminderKind(
        "expiring_grant",
        _("Access about to expire"),
        _expiring_grants,
        _expiry_line,
        before=(14, 3),
        escalates=False,
        order=40,
    ),
)
