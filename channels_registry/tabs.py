"""Tabs on the channel page. Upper apps (access, reviews, audits) register theirs in
AppConfig.ready(), so this app shows them without importing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.history_display import readable_changes
from accounts.models import ObjectChange
from core.registry import Registry


@dataclass(frozen=True)
class ChannelTab:
    key: str
    label: Promise
    order: int
    template: str
    context: Callable[[HttpRequest, object], dict]


@dataclass(frozen=True)
class ChannelHistory:
    """Objects whose history the channel's History tab shows with the channel's own: `model`'s
    rows whose `channel_field` is the channel (upper apps register theirs: its grants)."""

    model: type
    channel_field: str = "channel"

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


channel_history: Registry[ChannelHistory] = Registry("objects in a channel's history")


def _history(request: HttpRequest, channel) -> dict:
    """The channel's changes and those of what hangs on it (its grants), newest first; one
    query, each related model's keys read by a subquery."""
    condition = Q(
        content_type=ContentType.objects.get_for_model(channel, for_concrete_model=False),
        object_id=str(channel.pk),
    )
    for source in channel_history:
        keys = (
            source.model._default_manager.filter(**{source.channel_field: channel})
            .annotate(history_key=Cast("pk", CharField()))
            .values("history_key")
        )
        condition |= Q(
            content_type=ContentType.objects.get_for_model(source.model, for_concrete_model=False),
            object_id__in=keys,
        )
    rows = (
        ObjectChange.objects.filter(condition).select_related(None).order_by("-changed_at", "-pk")
    )
    return {"history": [(entry, readable_changes(entry)) for entry in rows[:200]]}


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
