"""Calendar feeds (ICS): everything a person must do by a date (the reminder providers' items),
or a whole roadmap's milestones."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar, Event

from governance.reminders.delivery import recipient_language
from governance.reminders.engine import my_tasks
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


def user_feed(user, name: str, *, now: dt.datetime | None = None) -> bytes:
    """Everything with a date the user must do: what the reminder providers say (the same items
    as My tasks and the digests), in the language of the user's reminders."""
    now = now or timezone.now()
    calendar = _calendar(name)
    with translation.override(recipient_language(user)):
        for section in my_tasks(user, now=now):
            for item in section["items"]:
                calendar.add_component(
                    _event(
                        f"{section['key']}-{item.item_id}-{user.pk}",
                        item.due_on,
                        item.title,
                        item.url,
                        now,
                    )
                )
    return calendar.to_ical()


def roadmap_feed(roadmap: Roadmap) -> bytes:
    calendar = _calendar(roadmap.name)
    milestones = Milestone.objects.filter(phase__roadmap=roadmap).select_related("phase")
    for event in _milestone_events(milestones, timezone.now()):
        calendar.add_component(event)
    return calendar.to_ical()
