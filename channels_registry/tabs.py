"""Tabs on the channel page. Upper apps (access, reviews, audits) register theirs in
AppConfig.ready(), so this app shows them without importing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import ObjectChange
from core.registry import Registry


@dataclass(frozen=True)
class ChannelTab:
    key: str
    label: Promise
    order: int
    template: str
    context: Callable[[HttpRequest, object], dict]


def _history(request: HttpRequest, channel) -> dict:
    return {"history": ObjectChange.objects.for_object(channel).select_related(None)[:200]}


channel_tabs: Registry[ChannelTab] = Registry("channel page tabs", order=lambda t: t.order)
channel_tabs.register(
    ChannelTab(
        "overview",
        _("Overview"),
        0,
        "channels_registry/tabs/overview.html",
        lambda request, channel: {},
    )
)
channel_tabs.register(
    ChannelTab("history", _("History"), 100, "channels_registry/tabs/history.html", _history)
)
