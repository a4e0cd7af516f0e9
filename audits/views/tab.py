"""The channel page's Audits tab: the channel's score in each audit, over time."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audits import charts, scoring
from audits.rules import audits_visible_to
from channels_registry.tabs import ChannelTab


def _context(request, channel) -> dict:
    history = scoring.channel_history(channel)
    points, line = charts.score_over_time(history)
    visible = set(audits_visible_to(request.user).values_list("pk", flat=True))
    return {"history": history, "points": points, "line": line, "linked_audits": visible}


AUDITS_TAB = ChannelTab("audits", _("Audits"), 40, "audits/tabs/audits.html", _context)
