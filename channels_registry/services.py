"""Writes to platforms and channels. Each runs in one transaction with its history row."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.actor import Actor
from accounts.choices import ChangeAction
from accounts.history import (
    assign_fields,
    diff,
    history_bulk_record_changes,
    history_record,
    record_create,
    save_with_history,
    snapshot,
)
from channels_registry.choices import ChannelStatus
from channels_registry.models import Channel, Platform, PlatformRole, RiskSnapshot
from channels_registry.risk import risk_counts

CHANNEL_FIELDS = (
    "platform",
    "name",
    "handle",
    "url",
    "kind",
    "status",
    "team",
    "business_owner",
    "backup_owner",
    "purpose",
    "audience",
    "language_region",
    "notes",
    "dormant_since",
    "two_factor_status",
    "two_factor_method",
    "two_factor_holder",
    "recovery_email",
    "recovery_phone_holder",
    "login_model",
    "credentials_vault_ref",
    "password_rotated_on",
    "verified",
)
PLATFORM_FIELDS = ("name", "slug", "category", "domains", "stance", "description")
ROLE_FIELDS = ("platform", "name", "privilege_level", "order", "description")


def _track_dormancy(channel: Channel, previous_status: str | None) -> None:
    if channel.status == ChannelStatus.DORMANT and previous_status != ChannelStatus.DORMANT:
        channel.dormant_since = channel.dormant_since or timezone.localdate()
    elif channel.status != ChannelStatus.DORMANT:
        channel.dormant_since = None


@transaction.atomic
def channel_create(*, actor: Actor, **data: Any) -> Channel:
    """Register a channel."""
    channel = Channel()
    assign_fields(channel, CHANNEL_FIELDS, data)
    _track_dormancy(channel, None)
    channel.full_clean()
    channel.save()
    record_create(actor=actor, obj=channel, fields=CHANNEL_FIELDS)
    return channel


@transaction.atomic
def channel_update(*, actor: Actor, channel: Channel, **data: Any) -> Channel:
    """Change a channel's details, ownership or security posture; only changes are recorded."""
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    before = snapshot(channel, CHANNEL_FIELDS)
    previous_status = channel.status
    assign_fields(channel, CHANNEL_FIELDS, data)
    _track_dormancy(channel, previous_status)
    channel.full_clean()
    channel.save()
    changes = diff(before, snapshot(channel, CHANNEL_FIELDS))
    if changes:
        history_record(actor=actor, obj=channel, action=ChangeAction.UPDATE, changes=changes)
    return channel


@transaction.atomic
def channel_archive(*, actor: Actor, channel: Channel, reason: str) -> Channel:
    """Archive a channel instead of deleting it; its history stays."""
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.status == ChannelStatus.ARCHIVED:
        return channel
    previous = channel.status
    channel.status = ChannelStatus.ARCHIVED
    channel.dormant_since = None
    channel.save(update_fields=["status", "dormant_since", "updated_at"])
    history_record(
        actor=actor,
        obj=channel,
        action=ChangeAction.UPDATE,
        changes={"status": [previous, ChannelStatus.ARCHIVED.value]},
        message=reason,
    )
    return channel


@transaction.atomic
def platform_save(*, actor: Actor, platform: Platform | None = None, **data: Any) -> Platform:
    """Create or change a platform."""
    instance = Platform.objects.select_for_update().get(pk=platform.pk) if platform else Platform()
    return save_with_history(actor=actor, instance=instance, fields=PLATFORM_FIELDS, data=data)


@transaction.atomic
def platform_role_save(
    *, actor: Actor, role: PlatformRole | None = None, **data: Any
) -> PlatformRole:
    """Create or change a platform role."""
    instance = PlatformRole.objects.select_for_update().get(pk=role.pk) if role else PlatformRole()
    return save_with_history(actor=actor, instance=instance, fields=ROLE_FIELDS, data=data)


@transaction.atomic
def channel_import(*, actor: Actor, channels: list[Channel]) -> list[Channel]:
    """Create already-validated channels in one go, each with its history row."""
    for channel in channels:
        _track_dormancy(channel, None)
    created = Channel.objects.bulk_create(channels, batch_size=500)
    history_bulk_record_changes(
        actor=actor,
        entries=[
            (
                channel,
                {name: [None, value] for name, value in snapshot(channel, CHANNEL_FIELDS).items()},
            )
            for channel in created
        ],
        action=ChangeAction.CREATE,
        message=gettext_noop("Imported from CSV"),
    )
    return created


@transaction.atomic
def risk_snapshot_take(*, day=None) -> int:
    """Record today's count of channels per risk flag (again the same day: the counts update).

    A measurement rather than a change of anything: it writes no history row."""
    day = day or timezone.localdate()
    counts = risk_counts(Channel.objects.all(), today=day)
    RiskSnapshot.objects.bulk_create(
        [RiskSnapshot(day=day, flag=flag, count=count) for flag, count in counts.items()],
        update_conflicts=True,
        unique_fields=["day", "flag"],
        update_fields=["count"],
    )
    return sum(counts.values())
