"""The channel page, forms and archive: who may do what, history, and clear errors."""

import pytest
from django.urls import reverse

from accounts.models import ObjectChange
from channels_registry.models import Channel, Platform
from tests.factories import ChannelFactory, PersonFactory, role
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(personas):
    return ChannelFactory(name="Acme FR", business_owner=personas.owner.person)


def test_read_only_and_outside_personas_change_nothing(client, personas, channel):
    for persona in ("auditor", "member", "outsider"):
        client.force_login(getattr(personas, persona))
        client.post(reverse("channels_registry:archive", args=[channel.pk]), {"reason": "x"})
        client.post(reverse("channels_registry:edit", args=[channel.pk]), {"name": "Hijacked"})
    channel.refresh_from_db()
    assert channel.status == "active" and channel.name == "Acme FR"
    assert not ObjectChange.objects.for_object(channel).exists()


def test_unknown_tab_is_404(client, personas, channel):
    client.force_login(personas.lead)
    assert (
        client.get(reverse("channels_registry:tab", args=[channel.pk, "nope"])).status_code == 404
    )


def test_page_explains_each_flag_and_what_to_do(client, personas):
    client.force_login(personas.lead)
    channel = ChannelFactory(backup_owner=None, recovery_email="me@gmail.com")
    html = client.get(reverse("channels_registry:detail", args=[channel.pk])).content.decode()
    assert "No backup owner" in html and "Name a backup owner" in html
    assert "Personal recovery e-mail" in html and "Change the recovery e-mail" in html


def _form_data(channel=None, **overrides):
    data = {
        "platform": Platform.objects.get(slug="facebook").pk,
        "name": "Acme Careers",
        "handle": "acmecareers",
        "url": "https://www.facebook.com/acmecareers",
        "kind": "page",
        "status": "active",
        "two_factor_status": "on",
        "two_factor_method": "app",
        "login_model": "individual",
    }
    data.update(overrides)
    return data


def test_owner_creates_a_channel_and_it_is_recorded(client, personas):
    client.force_login(personas.owner)
    backup = PersonFactory()
    response = client.post(
        reverse("channels_registry:create"),
        _form_data(business_owner=personas.owner.person.pk, backup_owner=backup.pk),
    )
    assert response.status_code == 302
    channel = Channel.objects.get(handle="acmecareers")
    entry = ObjectChange.objects.for_object(channel).get()
    assert entry.action == "create" and entry.actor == personas.owner
    assert client.get(response.url).status_code == 200


def test_team_member_must_stay_an_owner_of_what_they_create(client, personas):
    client.force_login(personas.member)
    response = client.post(
        reverse("channels_registry:create"), _form_data(business_owner=PersonFactory().pk)
    )
    assert response.status_code == 200
    assert "You must stay the business owner or the backup owner" in response.content.decode()
    assert not Channel.objects.exists()


def test_form_errors_are_explained_next_to_their_field(client, personas):
    client.force_login(personas.lead)
    owner = PersonFactory()
    response = client.post(
        reverse("channels_registry:create"),
        _form_data(url="https://x.com/acme", business_owner=owner.pk, backup_owner=owner.pk),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "channels live on facebook.com" in html
    assert "The backup owner cannot be the business owner." in html
    assert not Channel.objects.exists()


def test_a_password_field_is_refused_and_nothing_is_stored(client, personas):
    client.force_login(personas.lead)
    response = client.post(
        reverse("channels_registry:create"),
        _form_data(business_owner=PersonFactory().pk, password="Sup3rSecret!"),
    )
    assert response.status_code == 200
    assert "never stores passwords" in response.content.decode()
    assert not Channel.objects.exists()


def test_a_browser_submission_saves_with_its_csrf_token_and_rotation_date(client, personas):
    # Every browser form carries `csrfmiddlewaretoken`, and the form's own `password_rotated_on`
    # is a date: neither is a secret (both once refused every real submission).
    client.force_login(personas.lead)
    response = client.post(
        reverse("channels_registry:create"),
        _form_data(
            business_owner=PersonFactory().pk,
            login_model="shared",
            credentials_vault_ref="1Password: Social/Acme Careers",
            password_rotated_on="2026-01-15",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Channel.objects.get(handle="acmecareers").password_rotated_on.isoformat() == "2026-01-15"


def test_an_undeclared_token_field_is_still_refused(client, personas):
    client.force_login(personas.lead)
    response = client.post(
        reverse("channels_registry:create"),
        _form_data(business_owner=PersonFactory().pk, api_token="EAAG-not-for-us"),
    )
    assert "never stores passwords" in response.content.decode()
    assert not Channel.objects.exists()


def test_edit_records_only_what_changed_and_shows_it(client, personas, channel):
    client.force_login(personas.owner)
    data = _form_data(
        name=channel.name,
        handle=channel.handle,
        url=channel.url,
        team=channel.team.pk,
        business_owner=channel.business_owner.pk,
        backup_owner=channel.backup_owner.pk,
        two_factor_holder=channel.two_factor_holder.pk,
        recovery_email=channel.recovery_email,
        two_factor_status="off",
        two_factor_method="",
    )
    assert (
        client.post(reverse("channels_registry:edit", args=[channel.pk]), data).status_code == 302
    )
    entry = ObjectChange.objects.for_object(channel).get()
    assert set(entry.changes) == {"two_factor_status", "two_factor_method"}
    html = client.get(
        reverse("channels_registry:tab", args=[channel.pk, "history"])
    ).content.decode()
    # Fields by their names as the form shows them, not the database's.
    label = str(Channel._meta.get_field("two_factor_status").verbose_name)
    assert label in html and "two_factor_status" not in html and "owner@example.org" in html


def test_the_history_tab_shows_what_happened_to_the_channels_grants(client, personas, channel):
    from governance.services import grant_create

    person = PersonFactory(first_name="Gina", last_name="Granted")
    for where, why in ((channel, "Summer cover"), (ChannelFactory(), "Elsewhere")):
        grant_create(
            actor=personas.lead,
            channel=where,
            person=person,
            role=role("facebook", "publish"),
            access_method="personal",
            justification=why,
        )
    client.force_login(personas.lead)
    html = client.get(
        reverse("channels_registry:tab", args=[channel.pk, "history"])
    ).content.decode()
    assert "No recorded change yet." not in html
    assert "Gina Granted" in html and "Summer cover" in html
    assert "Elsewhere" not in html  # another channel's grant stays out


def test_archive_keeps_the_channel_and_its_history(client, personas, channel):
    client.force_login(personas.owner)
    response = client.post(
        reverse("channels_registry:archive", args=[channel.pk]), {"reason": "Merged into Acme"}
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.status == "archived"
    assert ObjectChange.objects.for_object(channel).get().message == "Merged into Acme"


def test_archive_needs_a_reason(client, personas, channel):
    client.force_login(personas.owner)
    response = client.post(reverse("channels_registry:archive", args=[channel.pk]), {"reason": ""})
    assert response.status_code == 200
    channel.refresh_from_db()
    assert channel.status == "active"


@pytest.mark.parametrize("tab", ["overview", "history"])
def test_channel_page_query_count_is_the_same_at_two_sizes(client, personas, channel, tab):
    client.force_login(personas.lead)
    url = reverse("channels_registry:tab", args=[channel.pk, tab])
    client.get(url)
    with pinned_queries(f"channels_registry/channel-tab-{tab}"):
        assert client.get(url).status_code == 200
    ChannelFactory.create_batch(40)
    for i in range(30):
        from channels_registry import services

        services.channel_update(actor=personas.lead, channel=channel, notes=f"note {i}")
    with pinned_queries(f"channels_registry/channel-tab-{tab}"):
        assert client.get(url).status_code == 200


def test_platform_catalogue_lists_roles_and_counts(client, personas):
    ChannelFactory.create_batch(2)
    client.force_login(personas.lead)
    response = client.get(reverse("channels_registry:platforms"))
    html = response.content.decode()
    assert "Super admin" in html and "Sponsored content poster" in html
    facebook = next(p for p in response.context["platforms"] if p.slug == "facebook")
    assert facebook.channel_count == 2
    with pinned_queries("channels_registry/platforms"):
        client.get(reverse("channels_registry:platforms"))


def test_admin_pages_work_and_save_through_services(client, personas, channel):
    client.force_login(personas.admin)
    for name in ("channel", "platform", "platformrole"):
        assert client.get(reverse(f"admin:channels_registry_{name}_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:channels_registry_channel_change", args=[channel.pk])).status_code
        == 200
    )
    platform = Platform.objects.get(slug="bluesky")
    response = client.post(
        reverse("admin:channels_registry_platform_change", args=[platform.pk]),
        {
            "name": "Bluesky",
            "slug": "bluesky",
            "category": "social_network",
            "domains": "bsky.app, bsky.social",
            "stance": "evaluating",
            "description": "",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-name": "Moderator",
            "roles-0-privilege_level": "moderate",
            "roles-0-order": "3",
            "roles-0-description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert platform.roles.filter(name="Moderator").exists()
    assert ObjectChange.objects.for_object(platform).get().changes == {
        "stance": ["adopted", "evaluating"]
    }
