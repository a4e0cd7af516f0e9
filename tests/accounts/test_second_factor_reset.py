"""An admin resets the second factors of someone who lost their phone: every authenticator of
theirs goes, their sessions end, the history says which kinds and who, and at their next sign-in
they set up a new one. Nobody else's are touched."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from accounts.models import ObjectChange
from accounts.services import second_factors_reset
from tests.factories import PASSWORD, UserFactory, give_totp

pytestmark = pytest.mark.django_db
ACTION = {"action": "reset_second_factors"}


def test_an_admin_resets_a_lost_second_factor_by_the_action(personas):
    lead = personas.lead
    RecoveryCodes.activate(lead)
    signed_in = Client()
    signed_in.force_login(lead)
    assert signed_in.get(reverse("home")).status_code == 200
    others = Authenticator.objects.exclude(user=lead).count()

    admin = Client()
    admin.force_login(personas.admin)
    url = reverse("admin:accounts_user_changelist")
    response = admin.post(url, {**ACTION, "_selected_action": [lead.pk]}, follow=True)
    assert "1 user will set up a new second factor" in response.content.decode()

    assert not Authenticator.objects.filter(user=lead).exists()
    assert Authenticator.objects.count() == others
    [row] = ObjectChange.objects.filter(object_id=str(lead.pk), changes__has_key="second_factors")
    assert row.changes["second_factors"] == ["recovery_codes, totp", ""]
    assert row.actor == personas.admin
    # Their sessions ended: signed out, they sign in again and set up a new factor first.
    assert signed_in.get(reverse("home")).status_code == 302
    login = signed_in.post(reverse("account_login"), {"login": lead.email, "password": PASSWORD})
    assert login.status_code == 302
    assert signed_in.get(reverse("home")).url == reverse("mfa_activate_totp")


def test_a_user_without_a_second_factor_is_left_as_is(personas):
    assert Authenticator.objects.filter(user=personas.member).count() == 0
    before = ObjectChange.objects.count()
    assert second_factors_reset(actor=personas.admin, user=personas.member) == 0
    assert ObjectChange.objects.count() == before


def test_staff_who_may_only_view_users_cannot_reset(personas):
    give_totp(personas.owner)
    viewer = UserFactory(email="viewer@example.org", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    give_totp(viewer)
    client = Client()
    client.force_login(viewer)
    url = reverse("admin:accounts_user_changelist")
    page = client.get(url)
    assert page.status_code == 200 and personas.owner.email in page.content.decode()
    assert 'value="reset_second_factors"' not in page.content.decode()
    client.post(url, {**ACTION, "_selected_action": [personas.owner.pk]})
    assert Authenticator.objects.filter(user=personas.owner).exists()


def test_only_staff_see_the_action(personas):
    give_totp(personas.owner)
    client = Client()
    client.force_login(personas.admin)
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert 'value="reset_second_factors"' in page
    client.force_login(personas.lead)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {**ACTION, "_selected_action": [personas.owner.pk]},
    )
    assert response.status_code == 302 and "/login/" in response.url
    assert Authenticator.objects.filter(user=personas.owner).exists()
