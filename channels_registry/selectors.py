"""Reads of channels that several views share. Every one that shows channels starts from
`visible_to`; a channel field's choices are every open channel (anyone taking part may ask for
access to any)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Person
from channels_registry.choices import ChannelStatus
from channels_registry.models import Channel, Platform
from channels_registry.risk import annotate_risks
from core.i18n import shown


def channels_for(user) -> QuerySet[Channel]:
    """The channels `user` may see, with what a list shows and their risk flags."""
    return annotate_risks(
        Channel.objects.visible_to(user).select_related(
            "platform", "team", "business_owner", "backup_owner"
        )
    )


def channel_for(user, pk: int) -> Channel:
    """One channel `user` may see, or 404."""
    queryset = channels_for(user).select_related("two_factor_holder", "recovery_phone_holder")
    return get_object_or_404(queryset, pk=pk)


def open_channels() -> QuerySet[Channel]:
    """Every channel not archived, by platform and name: the choices of a channel field (a
    request for access, a crisis contact)."""
    return (
        Channel.objects.exclude(status=ChannelStatus.ARCHIVED)
        .select_related("platform")
        .order_by("platform__name", "name")
    )


def owners_visible_to(user) -> QuerySet[Person]:
    """The business and backup owners of the channels `user` sees (archived ones aside), by
    name: the channel list's owner filter, which must not reveal the others."""
    if user is None:
        return Person.objects.none()
    visible = Channel.objects.visible_to(user).exclude(status=ChannelStatus.ARCHIVED).values("pk")
    return (
        Person.objects.filter(Q(channels_owned__in=visible) | Q(channels_backed_up__in=visible))
        .distinct()
        .order_by("last_name", "first_name")
    )


def counts_per_platform(channels: QuerySet[Channel]) -> list[dict]:
    rows = list(
        channels.order_by()
        .values("platform__name", "platform__slug")
        .annotate(total=Count("pk", distinct=True))
        .order_by("-total", "platform__name")
    )
    for row in rows:
        row["platform__name"] = shown(row["platform__name"])
    return rows


def platform_catalogue(user) -> QuerySet[Platform]:
    visible = Channel.objects.visible_to(user).exclude(status=ChannelStatus.ARCHIVED)
    return (
        Platform.objects.prefetch_related("roles")
        .annotate(channel_count=Count("channels", filter=Q(channels__in=visible.values("pk"))))
        .order_by("name")
    )
