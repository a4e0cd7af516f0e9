"""The registry's rules: seeded vocabularies, handle uniqueness, owners, URL domains, no secrets."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from channels_registry import services
from channels_registry.choices import PrivilegeLevel
from channels_registry.models import Channel, Platform, PlatformRole
from tests.factories import ChannelFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_at_least_twelve_platforms_are_seeded_with_their_own_roles():
    assert Platform.objects.count() >= 12
    linkedin = Platform.objects.get(slug="linkedin")
    names = set(linkedin.roles.values_list("name", flat=True))
    assert {
        "Super admin",
        "Content admin",
        "Curator",
        "Analyst",
        "Sponsored content poster",
        "Lead gen forms manager",
    } <= names
    assert (
        PlatformRole.objects.get(platform__slug="tiktok", name="Operator").privilege_level
        == PrivilegeLevel.PUBLISH
    )
    for platform in Platform.objects.all():
        assert platform.roles.filter(privilege_level=PrivilegeLevel.ADMIN).exists(), platform


def _data(**overrides):
    owner = PersonFactory()
    data = {
        "platform": Platform.objects.get(slug="instagram"),
        "name": "Acme France",
        "handle": "acmefrance",
        "url": "https://www.instagram.com/acmefrance",
        "business_owner": owner,
    }
    data.update(overrides)
    return data


def test_handle_is_unique_per_platform_whatever_its_case(personas):
    services.channel_create(actor=personas.lead, **_data())
    with pytest.raises(ValidationError) as error:
        services.channel_create(actor=personas.lead, **_data(handle="AcmeFrance", url=""))
    assert "already has this handle" in str(error.value)
    # Another platform may use the same handle.
    services.channel_create(
        actor=personas.lead, **_data(platform=Platform.objects.get(slug="x"), url="")
    )


def test_the_database_refuses_a_duplicate_handle_too():
    channel = ChannelFactory(handle="acme")
    with pytest.raises(IntegrityError), transaction.atomic():
        Channel.objects.create(
            platform=channel.platform,
            name="Copy",
            handle="ACME",
            business_owner=channel.business_owner,
        )


def test_an_archived_channel_frees_its_handle(personas):
    channel = services.channel_create(actor=personas.lead, **_data())
    services.channel_archive(actor=personas.lead, channel=channel, reason="Rebrand")
    again = services.channel_create(actor=personas.lead, **_data())
    assert again.pk != channel.pk


def test_backup_cannot_be_the_owner(personas):
    owner = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.channel_create(
            actor=personas.lead, **_data(business_owner=owner, backup_owner=owner)
        )
    assert "backup_owner" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        ChannelFactory(business_owner=owner, backup_owner=owner)


def test_an_owner_is_required_unless_archived(personas):
    with pytest.raises(ValidationError) as error:
        services.channel_create(actor=personas.lead, **_data(business_owner=None))
    assert "business_owner" in error.value.message_dict
    archived = services.channel_create(
        actor=personas.lead, **_data(business_owner=None, status="archived")
    )
    assert archived.business_owner is None


def test_url_must_live_on_the_platform_domains(personas):
    with pytest.raises(ValidationError) as error:
        services.channel_create(
            actor=personas.lead, **_data(url="https://www.facebook.com/acmefrance")
        )
    message = error.value.message_dict["url"][0]
    assert "www.facebook.com" in message and "instagram.com" in message
    ok = services.channel_create(
        actor=personas.lead, **_data(url="https://instagram.com/acmefrance")
    )
    assert ok.pk


def test_platforms_without_domains_accept_any_url(personas):
    blog = Platform.objects.get(slug="blog")
    channel = services.channel_create(
        actor=personas.lead, **_data(platform=blog, url="https://news.acme.example/")
    )
    assert channel.pk


def test_handles_lose_their_at_sign(personas):
    channel = services.channel_create(actor=personas.lead, **_data(handle="@acme_fr", url=""))
    assert channel.handle == "acme_fr"


def test_a_vault_reference_that_looks_like_a_password_is_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.channel_create(actor=personas.lead, **_data(credentials_vault_ref="Hunter2!xYz"))
    assert "never stores passwords" in str(error.value)
    ok = services.channel_create(
        actor=personas.lead, **_data(credentials_vault_ref="op://Social/Instagram FR")
    )
    assert ok.credentials_vault_ref == "op://Social/Instagram FR"


def test_the_model_has_no_password_field():
    names = {f.name for f in Channel._meta.get_fields()}
    assert not {n for n in names if "password" in n and n != "password_rotated_on"}


def test_dormancy_date_is_kept_by_the_service(personas):
    channel = services.channel_create(actor=personas.lead, **_data())
    channel = services.channel_update(actor=personas.lead, channel=channel, status="dormant")
    assert channel.dormant_since is not None
    channel = services.channel_update(actor=personas.lead, channel=channel, status="active")
    assert channel.dormant_since is None
