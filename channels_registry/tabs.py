"""Tabs on the channel page. Upper apps (access, reviews, audits) register theirs in
AppConfig.ready(), so this app shows them without importing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import ObjectChange


@dataclass(frozen=True)
class ChannelTab:
    key: str
    label: Promise
    order: int
    template: str
    context: Callable[[HttpRequest, object], dict]


def _history(request: HttpRequest, channel) -> dict:
    return {"history": ObjectChange.objects.for_object(channel).select_related(None)[:200]}


_tabs: list[ChannelTab] = [
    ChannelTab(
        "overview",
        _("Overview"),
        0,
        "channels_registry/tabs/overview.html",
        lambda request, channel: {},
    ),
    ChannelTab("history", _("History"), 100, "channels_registry/tabs/history.html", _history),
]


def register_channel_tab(tab: ChannelTab) -> None:
    if all(existing.key != tab.key for existing in _tabs):
        _tabs.append(tab)
        _tabs.sort(key=lambda t: t.order)


def channel_tabs() -> list[ChannelTab]:
    return list(_tabs)


def channel_tab(key: str) -> ChannelTab | None:
    return next((tab for tab in _tabs if tab.key == key), None)
