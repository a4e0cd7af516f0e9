"""Connector credentials and channel sources (services_credentials and their admin): stored
encrypted, never shown again, never in the history; a channel read only by a connector of its
platform."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import ObjectChange
from governance.reconciliation import services_credentials as services
from governance.reconciliation.models_credentials import ChannelSource, ConnectorCredential
from tests.factories import ChannelFactory, _platform
from tests.support.builders import log_in_as

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TOKEN = "EAAGm0PX4ZCpsBAFAKEtokenNeverShown1234567890"


def _meta(**secrets) -> ConnectorCredential:
    return services.connector_credential_create(
        actor=None,
        connector="meta",
        label="Acme business portfolio",
        secrets={"access_token": TOKEN, "business_id": "201548330912", **secrets},
        now=NOW,
    )


def _history_text(obj) -> str:
    return " ".join(f"{row.changes} {row.message}" for row in ObjectChange.objects.for_object(obj))


@pytest.mark.django_db
def test_credentials_are_stored_encrypted_and_kept_out_of_the_history():
    credential = _meta()
    stored = ConnectorCredential.objects.get(pk=credential.pk)
    assert stored.secrets.startswith("fernet:") and TOKEN not in stored.secrets
    assert stored.fields_set == "access_token, business_id"
    assert services.credential_values(stored)["access_token"] == TOKEN
    assert TOKEN not in _history_text(stored)


@pytest.mark.django_db
def test_new_values_replace_the_stored_ones_and_empty_ones_keep_them():
    credential = _meta()
    services.connector_credential_update(
        actor=None, credential=credential, now=NOW, secrets={"access_token": "", "business_id": ""}
    )
    assert services.credential_values(ConnectorCredential.objects.get())["access_token"] == TOKEN
    services.connector_credential_update(
        actor=None, credential=credential, now=NOW, secrets={"access_token": "EAAnew-token"}
    )
    values = services.credential_values(ConnectorCredential.objects.get())
    assert values == {"access_token": "EAAnew-token", "business_id": "201548330912"}
    history = _history_text(credential)
    assert "Credentials replaced" in history
    assert "EAAnew-token" not in history and TOKEN not in history


@pytest.mark.django_db
def test_every_field_the_connector_needs_is_asked_for_and_the_connector_stays():
    with pytest.raises(ValidationError, match="business_id"):
        _meta(business_id="")
    with pytest.raises(ValidationError):
        services.connector_credential_create(
            actor=None, connector="nowhere", label="x", secrets={}, now=NOW
        )
    credential = _meta()
    with pytest.raises(ValidationError):
        services.connector_credential_update(
            actor=None, credential=credential, now=NOW, connector="linkedin"
        )


@pytest.mark.django_db
def test_a_channel_is_read_only_by_a_connector_of_its_platform():
    credential = _meta()
    page = ChannelFactory()
    source = services.channel_source_create(
        actor=None, channel=page, credential=credential, asset_id=" 104958162837 ", now=NOW
    )
    assert (source.asset_id, source.next_sync_at) == ("104958162837", NOW)
    linkedin = ChannelFactory(platform=_platform("linkedin"))
    with pytest.raises(ValidationError):
        services.channel_source_create(
            actor=None, channel=linkedin, credential=credential, asset_id="2414183", now=NOW
        )
    later = datetime(2026, 12, 1, tzinfo=UTC)
    source.next_sync_at = None
    source.save()
    services.channel_source_update(actor=None, source=source, asset_id="999", now=later)
    assert ChannelSource.objects.get().next_sync_at == later  # what is read changed: due now
    assert ObjectChange.objects.for_object(source).count() == 2


@pytest.mark.django_db
def test_the_admin_takes_the_token_once_and_never_shows_it(client, personas):
    log_in_as(client, personas, "admin")
    add = reverse("admin:governance_connectorcredential_add")
    assert "Fields entered" not in client.get(add).content.decode()  # nothing stored yet
    answer = client.post(
        add,
        {
            "connector": "meta",
            "label": "Acme business portfolio",
            "secret_access_token": TOKEN,
            "secret_business_id": "201548330912",
            "active": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    credential = ConnectorCredential.objects.get()
    change = client.get(
        reverse("admin:governance_connectorcredential_change", args=[credential.pk])
    )
    assert change.status_code == 200
    assert TOKEN not in change.content.decode()
    assert "201548330912" not in change.content.decode()
    source = client.post(
        reverse("admin:governance_channelsource_add"),
        {
            "channel": ChannelFactory().pk,
            "credential": credential.pk,
            "asset_id": "1049",
            "active": "on",
        },
    )
    assert source.status_code == 302
    assert ChannelSource.objects.get().credential == credential


def test_the_admin_form_asks_for_every_connectors_credentials():
    from governance.reconciliation.admin_credentials import SECRET_LABELS
    from governance.reconciliation.connectors import platform_connectors

    for connector in platform_connectors:
        assert set(connector.credential_fields) <= set(SECRET_LABELS), connector.key
