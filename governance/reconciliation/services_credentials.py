"""Writes of connector credentials and channel sources, each with its history row. A
credential's values are encrypted before anything is saved and never reach the history, a log
or an error message: the history says which fields changed, never what they are."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor
from accounts.choices import ChangeAction
from accounts.encryption import decrypt, encrypt
from accounts.history import history_record, save_with_history
from channels_registry.models import Channel
from governance.reconciliation.connectors import Connector, platform_connectors
from governance.reconciliation.models_credentials import ChannelSource, ConnectorCredential

CREDENTIAL_FIELDS = ("connector", "label", "fields_set", "active")
SOURCE_FIELDS = ("channel", "credential", "asset_id", "active")


def credential_values(credential: ConnectorCredential) -> dict[str, str]:
    """The credential's fields in clear, for a connector's `read` only."""
    return json.loads(decrypt(credential.secrets)) if credential.secrets else {}


def _connector(key: str) -> Connector:
    connector = platform_connectors.get(key)
    if connector is None:
        raise ValidationError({"connector": _("No connector is registered under this name.")})
    return connector


def _with_secrets(
    credential: ConnectorCredential, connector: Connector, secrets: Mapping[str, str]
) -> bool:
    """Store the given non-empty values (an empty one keeps the stored value); every field the
    connector needs must then be set. Returns whether a value changed."""
    values = credential_values(credential)
    given = {
        name: str(secrets.get(name) or "").strip()
        for name in connector.credential_fields
        if str(secrets.get(name) or "").strip()
    }
    missing = [
        name for name in connector.credential_fields if not (given.get(name) or values.get(name))
    ]
    if missing:
        raise ValidationError(
            _("Enter every credential this connector needs: %(fields)s.")
            % {"fields": ", ".join(missing)}
        )
    changed = any(values.get(name) != value for name, value in given.items())
    if changed:
        values.update(given)
        credential.secrets = encrypt(json.dumps(values, sort_keys=True))
    credential.fields_set = ", ".join(sorted(values))
    return changed


@transaction.atomic
def connector_credential_create(
    *,
    actor: Actor,
    connector: str,
    label: str,
    secrets: Mapping[str, str],
    now: datetime,
    active: bool = True,
) -> ConnectorCredential:
    """Enter an organisation's or a business's credentials for a connector."""
    credential = ConnectorCredential(updated_at=now)
    _with_secrets(credential, _connector(connector), secrets)
    data = {"connector": connector, "label": label, "active": active}
    data["fields_set"] = credential.fields_set
    return save_with_history(actor=actor, instance=credential, fields=CREDENTIAL_FIELDS, data=data)


@transaction.atomic
def connector_credential_update(
    *,
    actor: Actor,
    credential: ConnectorCredential,
    now: datetime,
    secrets: Mapping[str, str] | None = None,
    **data: Any,
) -> ConnectorCredential:
    """Change the label or the active flag; `secrets`' non-empty values replace the stored ones.
    The connector cannot change: a credential for another connector is a new one."""
    credential = ConnectorCredential.objects.select_for_update().get(pk=credential.pk)
    if "connector" in data and data.pop("connector") != credential.connector:
        raise ValidationError({"connector": _("Enter new credentials for another connector.")})
    replaced = _with_secrets(credential, _connector(credential.connector), secrets or {})
    credential.updated_at = now
    data["fields_set"] = credential.fields_set
    credential = save_with_history(
        actor=actor, instance=credential, fields=CREDENTIAL_FIELDS, data=data
    )
    if replaced:  # saved with the rest; the history says only that they changed
        # New credentials: the channels they read, stopped by the old ones, are due at once.
        credential.sources.filter(active=True).update(next_sync_at=now, failures_in_a_row=0)
        history_record(
            actor=actor,
            obj=credential,
            action=ChangeAction.UPDATE,
            changes={"secrets": ["…", "…"]},
            message=gettext_noop("Credentials replaced"),
        )
    return credential


def _source_checked(channel: Channel, credential: ConnectorCredential) -> None:
    connector = _connector(credential.connector)
    if channel.platform.slug not in connector.platforms:
        raise ValidationError(
            {
                "credential": _(
                    "These credentials are for %(label)s, which does not read %(platform)s."
                )
                % {"label": connector.label, "platform": channel.platform.display_name}
            }
        )


@transaction.atomic
def channel_source_create(
    *,
    actor: Actor,
    channel: Channel,
    credential: ConnectorCredential,
    asset_id: str,
    now: datetime,
    active: bool = True,
) -> ChannelSource:
    """Read `channel` with `credential`'s connector; its first reading is due at once."""
    _source_checked(channel, credential)
    source = ChannelSource(next_sync_at=now)
    data = {
        "channel": channel,
        "credential": credential,
        "asset_id": asset_id.strip(),
        "active": active,
    }
    return save_with_history(actor=actor, instance=source, fields=SOURCE_FIELDS, data=data)


@transaction.atomic
def channel_source_update(
    *, actor: Actor, source: ChannelSource, now: datetime, **data: Any
) -> ChannelSource:
    """Change the credentials, the asset id or whether the channel is synced; a change of what
    is read makes it due at once."""
    source = (
        ChannelSource.objects.select_for_update()
        .select_related("channel__platform")
        .get(pk=source.pk)
    )
    credential = data.get("credential", source.credential)
    _source_checked(data.get("channel", source.channel), credential)
    if "asset_id" in data:
        data["asset_id"] = data["asset_id"].strip()
    if any(
        data.get(name, getattr(source, name)) != getattr(source, name) for name in SOURCE_FIELDS
    ):
        source.next_sync_at = now
        source.failures_in_a_row = 0
    return save_with_history(actor=actor, instance=source, fields=SOURCE_FIELDS, data=data)
