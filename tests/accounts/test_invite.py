"""An admin invites a user, who chooses a password from the e-mailed link and logs in."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.models import ObjectChange, User

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_invites_a_user_who_sets_a_password(client, personas):
    client.force_login(personas.admin)
    lead_group = Group.objects.get(name=roles.GOVERNANCE_LEAD)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "New.Person@Example.org", "full_name": "New Person", "groups": [lead_group.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    assert list(user.groups.all()) == [lead_group]
    entry = ObjectChange.objects.for_object(user).get()
    assert entry.actor == personas.admin
    assert entry.message == "Invited"

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]

    client.logout()
    response = client.get(path)
    assert response.status_code == 302
    # The page reads as the e-mail does: a first step, not a change of password.
    page = client.get(response.url).content.decode()
    assert "<title>Choose your password" in page and "Welcome to Gouvernail, New" in page
    assert "Change Password" not in page
    response = client.post(
        response.url, {"password1": "Sea-Kayak-Morning-42", "password2": "Sea-Kayak-Morning-42"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.has_usable_password()
    response = client.post(
        reverse("account_login"),
        {"login": "new.person@example.org", "password": "Sea-Kayak-Morning-42"},
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_inviting_an_existing_address_is_refused_clearly(client, personas):
    client.force_login(personas.admin)
    response = client.post(reverse("admin:accounts_user_add"), {"email": "MEMBER@example.org"})
    assert response.status_code == 200
    assert b"A user with this e-mail address already exists." in response.content
    assert len(mail.outbox) == 0


def test_users_cannot_be_deleted_from_the_admin(client, personas):
    client.force_login(personas.admin)
    url = reverse("admin:accounts_user_delete", args=[personas.member.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=personas.member.pk).exists()
