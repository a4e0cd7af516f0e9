"""Calendar feeds (ICS): a person's milestones, review deadlines and off-boarding due dates, or
a whole roadmap's milestones."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from governance.choices import ReviewStatus, TaskStatus
from governance.models import OffboardingTask, ReviewItem
from roadmap.choices import MilestoneStatus
from roadmap.models import Milestone, Roadmap


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Gouvernail//Social media governance//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(uid: str, day: dt.date, summary: str, url: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@gouvernail")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("url", settings.SITE_URL.rstrip("/") + url)
    return event


def _milestone_events(milestones, stamp):
    for m in milestones:
        done = " ✓" if m.status == MilestoneStatus.DONE else ""
        yield _event(
            f"milestone-{m.pk}",
            m.due_on,
            f"{m.title}{done}",
            reverse("roadmap:detail", args=[m.phase.roadmap_id]) + f"#milestone-{m.pk}",
            stamp,
        )


def user_feed(user, name: str) -> bytes:
    """Everything with a date the user must meet."""
    stamp = timezone.now()
    calendar = _calendar(name)
    milestones = Milestone.objects.filter(owner__user=user).select_related("phase")
    for event in _milestone_events(milestones, stamp):
        calendar.add_component(event)
    reviews = (
        ReviewItem.objects.filter(reviewer=user, review__status=ReviewStatus.OPEN, decision="")
        .order_by()  # the model's ordering would make DISTINCT one row per item
        .values("review_id", "review__name", "review__due_on")
        .distinct()
    )
    for review in reviews:
        calendar.add_component(
            _event(
                f"review-{review['review_id']}-{user.pk}",
                review["review__due_on"],
                review["review__name"],
                reverse("governance:my_review_items"),
                stamp,
            )
        )
    tasks = OffboardingTask.objects.filter(assignee=user, status=TaskStatus.OPEN).select_related(
        "channel"
    )
    for task in tasks:
        calendar.add_component(
            _event(
                f"task-{task.pk}",
                task.due_on,
                f"{task.get_kind_display()}: {task.channel.name}",
                reverse("governance:task_confirm", args=[task.pk]),
                stamp,
            )
        )
    return calendar.to_ical()


def roadmap_feed(roadmap: Roadmap) -> bytes:
    calendar = _calendar(roadmap.name)
    milestones = Milestone.objects.filter(phase__roadmap=roadmap).select_related("phase")
    for event in _milestone_events(milestones, timezone.now()):
        calendar.add_component(event)
    return calendar.to_ical()
