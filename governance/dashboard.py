"""Governance's dashboard panels: access, reviews and policies (overview), my tasks (personal)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from channels_registry.choices import PRIVILEGE_RANK, PrivilegeLevel
from core.charts import bars
from core.dashboard import PERSONAL, Panel
from core.figures import format_number
from governance.choices import (
    GrantStatus,
    OffboardingStatus,
    RequestStatus,
    ReviewStatus,
    TaskStatus,
)
from governance.models import (
    AccessGrant,
    AccessRequest,
    AccessReview,
    Policy,
    Reminder,
    ReviewItem,
)
from governance.offboarding.selectors import offboardings_for
from governance.policies.audience import coverages
from governance.reminders.engine import my_tasks
from governance.reminders.mine import tasks_total
from governance.rules import may_resend_reminders

EXPIRING_DAYS = 30
FIRST = 3  # items of each kind shown on the home page; a link leads to the rest
COVERAGE_TARGET = 80  # percent of a policy's audience who accepted its current version


def _access(request) -> dict:
    today = timezone.localdate()
    levels = dict(
        AccessGrant.objects.filter(status=GrantStatus.ACTIVE)
        .values_list("role__privilege_level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        (str(label), levels.get(value, 0), format_number(levels.get(value, 0)), "", value)
        for value, label in sorted(
            PrivilegeLevel.choices, key=lambda choice: PRIVILEGE_RANK.get(choice[0], 99)
        )
    ]
    expiring = AccessGrant.objects.filter(
        status=GrantStatus.ACTIVE,
        person__partner__isnull=False,
        expires_on__isnull=False,
        expires_on__lte=today + dt.timedelta(days=EXPIRING_DAYS),
    ).select_related("person__partner", "channel", "role")
    offboardings = list(
        offboardings_for(request.user)
        .filter(status=OffboardingStatus.OPEN)
        .annotate(
            overdue=Count("tasks", filter=Q(tasks__status=TaskStatus.OPEN, tasks__due_on__lt=today))
        )[:6]
    )
    return {
        "levels": bars(rows),
        "active": sum(levels.values()),
        "expiring": list(expiring.order_by("expires_on")[:5]),
        "expiring_count": expiring.count(),
        "requests": AccessRequest.objects.filter(status=RequestStatus.PENDING).count(),
        "offboardings": offboardings,
    }


def _reviews(request) -> dict:
    today = timezone.localdate()
    campaigns = list(
        AccessReview.objects.filter(status=ReviewStatus.OPEN)
        .annotate(
            item_total=Count("items"),
            item_decided=Count("items", filter=~Q(items__decision="")),
        )
        .order_by("due_on")
    )
    behind = list(
        ReviewItem.objects.filter(
            review__status=ReviewStatus.OPEN,
            decision="",
            reviewer__isnull=False,
            review__due_on__lte=today + dt.timedelta(days=7),
        )
        .values("reviewer__email", "reviewer__full_name", "review__due_on")
        .annotate(pending=Count("pk"))
        .order_by("review__due_on", "-pending")[:8]
    )
    return {"campaigns": campaigns, "behind": behind, "today": today}


def _policies(request) -> dict:
    policies = list(
        Policy.objects.filter(
            archived_at__isnull=True,
            current_version__isnull=False,
            acknowledgement_required=True,
        ).order_by("title")
    )
    counted = coverages(policies)
    url = reverse("policies:index")
    rows = []
    for policy in policies:
        coverage = counted[policy.pk]
        rows.append(
            (
                policy.title,
                coverage.percent,
                gettext("%(percent)s%% (%(acknowledged)s/%(audience)s)")
                % {
                    "percent": coverage.percent,
                    "acknowledged": coverage.acknowledged,
                    "audience": coverage.audience,
                },
                f"{url}{policy.pk}/",
                "low" if coverage.percent < COVERAGE_TARGET else "current",
            )
        )
    target = {"percent": COVERAGE_TARGET}
    chart = bars(
        rows,
        most=100,
        legend=(
            ("low", gettext("Below the %(percent)s%% target") % target),
            ("current", gettext("Target reached")),
        ),
        threshold=COVERAGE_TARGET,
        threshold_label=gettext("Target: %(percent)s%%") % target,
    )
    return {"rows": rows, "chart": chart, "target": COVERAGE_TARGET}


def _delivery(request) -> dict | None:
    """Reminders given up on after their last attempt: shown to whoever may send them again."""
    if not may_resend_reminders(request.user):
        return None
    failed = Reminder.objects.filter(failed_at__isnull=False, sent_at__isnull=True).count()
    if not failed:
        return None
    return {
        "failed": failed,
        "url": reverse("admin:governance_reminder_changelist") + "?state=failed",
    }


def _my_tasks(request) -> dict:
    """The first lines of each kind and the counts: what the panel shows, kept (not every item)."""
    sections = my_tasks(request.user)
    sections.sort(key=lambda s: -s["overdue"])
    return {
        "sections": [
            {
                "key": s["key"],
                "label": s["label"],
                "count": len(s["items"]),
                "overdue": s["overdue"],
                "first": s["lines"][:FIRST],
                "more": max(len(s["lines"]) - FIRST, 0),
            }
            for s in sections
        ],
        "total": tasks_total(sections),
        "today": timezone.localdate(),
    }


ACCESS = Panel("access", _("Access"), "dashboard/access.html", _access, order=20, shared=True)
REVIEWS = Panel(
    "reviews", _("Access reviews"), "dashboard/reviews.html", _reviews, order=30, shared=True
)
POLICIES = Panel(
    "policies",
    _("Policy acknowledgements"),
    "dashboard/policies.html",
    _policies,
    order=40,
    shared=True,
)
DELIVERY = Panel(
    "delivery",
    _("Reminders not delivered"),
    "dashboard/delivery.html",
    _delivery,
    order=5,
    wide=True,
)
MY_TASKS = Panel(
    "my_tasks",
    _("My tasks"),
    "dashboard/my_tasks.html",
    _my_tasks,
    PERSONAL,
    10,
    wide=True,
    kept=True,
)
PANELS = (DELIVERY, ACCESS, REVIEWS, POLICIES, MY_TASKS)
