"""A team's chat: its members' urgent notices, one message per event, from their own outbox.

When the reminders write urgent rows (an off-boarding opened, an escalation…), each row whose
recipient belongs to a team with an active chat destination becomes a TeamNotice: one per team
and event (kind, item, stage, period), so an event told to two members is one message. A member
whose own reminders already go to the same chat URL is not told there twice: their row makes no
team notice (their personal digest is sent as always; the team message never replaces it).

A notice is claimed, counted, retried after 1, 4, 16… minutes and failed after
REMINDER_MAX_ATTEMPTS as a digest is (core.outbox), in the destination's language.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.encryption import decrypt
from core import outbox
from core.outbox import DATABASE_AWAY, retry_in
from governance.chat import targets
from governance.chat.delivery import CHAT, permanent
from governance.chat.models import ChatDestination, TeamNotice
from governance.models import Reminder
from governance.reminders.delivery import TemporaryDeliveryError, line, record

TEAM = "recipient__person__team"


def _same_place(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (member, team) pairs whose member's own reminders go to the team's very URL."""
    personal = {
        d.user_id: decrypt(d.url)
        for d in ChatDestination.objects.filter(
            user_id__in={member for member, _ in pairs},
            active=True,
            user__reminder_preference__send_by=CHAT,
        ).exclude(url="")
    }
    if not personal:
        return set()
    teams = {
        d.team_id: decrypt(d.url)
        for d in ChatDestination.objects.filter(team_id__in={team for _, team in pairs})
    }
    return {(m, t) for m, t in pairs if m in personal and personal[m] == teams.get(t)}


def team_notices_write(*, now: dt.datetime) -> set[int]:
    """Team notices for the urgent rows written at `now` (in the caller's transaction); the
    teams that have new ones. A bounded number of queries, whatever the number of rows."""
    rows = list(
        Reminder.objects.filter(
            urgent=True, created_at=now, **{f"{TEAM}__chat_destination__active": True}
        )
        .exclude(**{f"{TEAM}__chat_destination__url": ""})
        .order_by("pk")
        .values_list("pk", "kind", "item_id", "stage", "period", "recipient_id", f"{TEAM}_id")
    )
    if not rows:
        return set()
    skipped = _same_place({(row[5], row[6]) for row in rows})
    notices = [
        TeamNotice(
            team_id=team,
            reminder_id=pk,
            event_key=f"{kind}:{item}:{stage}:{period}"[:200],
            created_at=now,
        )
        for pk, kind, item, stage, period, member, team in rows
        if (member, team) not in skipped
    ]
    TeamNotice.objects.bulk_create(notices, ignore_conflicts=True)
    return {notice.team_id for notice in notices}


def owed_teams(now: dt.datetime) -> set[int]:
    """Teams with notices due now (new, or past their back-off)."""
    return set(outbox.owed(TeamNotice.objects.all(), now).values_list("team_id", flat=True))


def release_stale(now: dt.datetime) -> int:
    return outbox.release_stale(
        TeamNotice.objects.all(),
        before=now - dt.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT),
    )


def render(notice: TeamNotice, language: str) -> tuple[str, str]:
    """The message's title and Markdown body, in `language`."""
    reminder = notice.reminder
    with translation.override(language):
        title = _("Gouvernail: urgent for %(team)s") % {"team": notice.team.name}
        body = render_to_string(
            "governance/chat/team_notice.md",
            {
                "stage": reminder.get_stage_display(),
                "line": line(reminder),
                "url": reminder.url,
                "due_on": reminder.due_on,
                "member": reminder.recipient,
                "base": settings.SITE_URL.rstrip("/"),
            },
        )
    return title, body.strip()


def _send_one(pk: int, now: dt.datetime) -> int:
    """Claim one notice, send it, record the outcome: 1 when it was sent."""
    mine = TeamNotice.objects.filter(pk=pk)
    if outbox.claim(mine, now) is None:
        return 0  # another sender holds it, or it is sent
    try:
        notice = mine.select_related("team", "reminder__recipient").get()
        destination = ChatDestination.objects.filter(team_id=notice.team_id).first()
    except DATABASE_AWAY:
        record(lambda: outbox.unclaim(mine))
        raise
    if destination is None or not destination.active or not destination.url:
        message = _("The team has no chat destination any more.")
        record(lambda: mine.update(failed_at=now, last_error=message))
        return 0
    title, body = render(notice, destination.language or settings.LANGUAGE_CODE)
    try:
        targets.send(
            decrypt(destination.url),
            title=title,
            body=body,
            allow_private=destination.allow_private_network,
        )
    except Exception as error:  # the outcome is recorded whatever happened
        message = f"{type(error).__name__}: {error}"[:500]
        if permanent(error):
            record(lambda: mine.update(failed_at=now, last_error=message))
            return 0
        wait = retry_in(notice.attempts)
        record(
            lambda: outbox.fail_or_retry(
                mine,
                now=now,
                message=message,
                max_attempts=settings.REMINDER_MAX_ATTEMPTS,
                wait=wait,
            )
        )
        raise TemporaryDeliveryError(message, retry_in=wait) from error
    record(lambda: mine.update(sent_at=now, last_error="", next_attempt_at=None))
    return 1


def team_notices_send(*, team_id: int, now: dt.datetime) -> int:
    """Send each of the team's notices due at `now`, one message each, oldest first; stops at
    the first the chat service does not take (TemporaryDeliveryError). Returns the number sent."""
    due = outbox.owed(TeamNotice.objects.filter(team_id=team_id), now)
    return sum(_send_one(pk, now) for pk in due.order_by("pk").values_list("pk", flat=True))
