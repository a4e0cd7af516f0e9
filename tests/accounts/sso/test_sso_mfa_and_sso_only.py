"""A provider's multi-factor assertion, and SSO-only domains (accounts/sso/mfa.py,
accounts/sso/account_adapter.py, accounts/sso/forms.py)."""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.middleware import MFA_BY_PROVIDER_SESSION_KEY
from accounts.models import GroupMapping, User
from accounts.sso import services
from accounts.sso.claims import AUTHN_CONTEXTS_KEY, mfa_asserted
from tests.accounts.sso.sso_helpers import (
    anonymous_request,
    oidc_claims,
    provider_create,
    sign_in,
)
from tests.factories import PASSWORD, PartnerFactory, PersonFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _organisation(settings):
    settings.ORGANISATION_EMAIL_DOMAINS = ["example.org"]
    settings.MFA_REQUIRED = True


def _lead_mapping():
    provider = provider_create()
    GroupMapping.objects.create(provider=provider, group="leads", role=roles.GOVERNANCE_LEAD)
    return provider


def _into_client(client, request):
    """The test client takes over the session the sign-in opened."""
    request.session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = request.session.session_key


@pytest.mark.parametrize(
    ("claims", "proof"),
    [
        ({"amr": ["pwd", "mfa"]}, ["amr:mfa"]),
        ({"amr": ["mca"]}, ["amr:mca"]),
        ({"amr": ["pwd", "otp"]}, ["amr:otp", "amr:pwd"]),  # two factors: known and held
        ({"amr": ["hwk", "pin"]}, ["amr:hwk", "amr:pin"]),
        ({"amr": "face swk"}, ["amr:face", "amr:swk"]),
        # One factor, however strong, is one factor; two of one kind are still one.
        ({"amr": ["otp"]}, []),
        ({"amr": ["sms"]}, []),
        ({"amr": ["hwk"]}, []),
        ({"amr": ["swk"]}, []),
        ({"amr": ["face"]}, []),
        ({"amr": ["otp", "sms"]}, []),
        ({"amr": ["pwd", "kba"]}, []),
        ({"amr": ["pwd"]}, []),
        ({"acr": "urn:okta:loa:2fa:any"}, []),  # an acr counts only when the provider says so
        ({}, []),
    ],
)
def test_amr_values_count_when_they_say_mfa_or_prove_two_factors(claims, proof):
    provider = provider_create()
    assert mfa_asserted(provider, oidc_claims("a@example.org", **claims)) == proof


def test_an_acr_counts_when_the_providers_settings_declare_it():
    provider = provider_create(
        settings={"server_url": "https://okta.test", "mfa_acr_values": ["urn:okta:loa:2fa:any"]}
    )
    data = oidc_claims("a@example.org", acr="urn:okta:loa:2fa:any")
    assert mfa_asserted(provider, data) == ["acr:urn:okta:loa:2fa:any"]


def test_a_saml_authn_context_counts_when_it_is_in_the_mfa_list():
    provider = provider_create("Workspace", protocol="saml")
    mfa = {AUTHN_CONTEXTS_KEY: ["http://schemas.microsoft.com/claims/multipleauthn"]}
    password = {AUTHN_CONTEXTS_KEY: ["urn:oasis:names:tc:SAML:2.0:ac:classes:Password"]}
    assert mfa_asserted(provider, mfa) == ["http://schemas.microsoft.com/claims/multipleauthn"]
    assert mfa_asserted(provider, password) == []
    custom = provider_create(
        "Custom", protocol="saml", settings={"idp": {}, "mfa_authn_contexts": ["urn:x:mfa"]}
    )
    assert mfa_asserted(custom, {AUTHN_CONTEXTS_KEY: ["urn:x:mfa"]}) == ["urn:x:mfa"]


def test_a_lead_whose_provider_asserts_mfa_is_not_sent_to_set_up_totp(client):
    _lead_mapping()
    request, response = sign_in(
        "entra-id", oidc_claims("ann@example.org", groups=["leads"], amr=["pwd", "mfa"])
    )
    assert response["Location"] == "/"
    user = User.objects.get(email="ann@example.org")
    assert request.session[MFA_BY_PROVIDER_SESSION_KEY] == {
        "user": user.pk,
        "provider": "entra-id",
        "proof": ["amr:mfa"],
    }
    _into_client(client, request)
    assert client.get("/").status_code == 200


def test_a_lead_without_an_mfa_assertion_is_sent_to_set_up_totp(client):
    _lead_mapping()
    request, _ = sign_in("entra-id", oidc_claims("ann@example.org", groups=["leads"], amr="pwd"))
    assert MFA_BY_PROVIDER_SESSION_KEY not in request.session
    _into_client(client, request)
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, reverse("mfa_activate_totp"))


def test_a_user_with_totp_is_asked_for_it_unless_the_provider_asserted_mfa():
    provider_create()
    user = UserFactory(email="ann@example.org", roles=[roles.GOVERNANCE_LEAD])
    PersonFactory(user=user, email=user.email)
    give_totp(user)

    request, response = sign_in("entra-id", oidc_claims("ann@example.org", amr=["pwd"]))
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in request.session  # not signed in before the code

    request, response = sign_in("entra-id", oidc_claims("ann@example.org", amr=["pwd", "mfa"]))
    assert response["Location"] == "/"
    assert int(request.session["_auth_user_id"]) == user.pk


def test_a_password_login_does_not_inherit_an_earlier_sso_mfa_assertion(client):
    _lead_mapping()
    request, _ = sign_in("entra-id", oidc_claims("ann@example.org", groups=["leads"], amr="mfa"))
    _into_client(client, request)
    client.post(reverse("account_logout"))
    lead = UserFactory(email="bob@example.org", roles=[roles.GOVERNANCE_LEAD])
    PersonFactory(user=lead, email=lead.email)
    response = client.post(reverse("account_login"), {"login": lead.email, "password": PASSWORD})
    assert response.status_code == 302
    assert MFA_BY_PROVIDER_SESSION_KEY not in client.session
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")


def test_password_login_is_refused_for_an_sso_only_domain_and_names_the_provider(client):
    provider_create(email_domains="example.org", sso_only=True)
    user = UserFactory(email="ann@example.org")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    page = response.content.decode()
    assert "sign in through Entra ID only" in page
    assert "Sign in with Entra ID" in page
    assert "_auth_user_id" not in client.session
    # Another domain logs in with its password as before.
    other = UserFactory(email="carl@other.test")
    response = client.post(reverse("account_login"), {"login": other.email, "password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_is_refused_for_an_sso_only_domain(client):
    provider_create(email_domains="example.org", sso_only=True)
    UserFactory(email="ann@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "ann@example.org"})
    assert response.status_code == 200
    assert "sign in through Entra ID only" in response.content.decode()
    assert not mail.outbox


def test_a_disabled_provider_makes_nobody_sso_only(client):
    provider_create(email_domains="example.org", sso_only=True, enabled=False)
    user = UserFactory(email="ann@example.org")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_login_page_shows_one_button_per_enabled_provider(client):
    provider_create()
    provider_create("Agency Workspace", protocol="saml")
    provider_create("Old", enabled=False)
    page = client.get(reverse("account_login")).content.decode()
    assert 'action="/accounts/oidc/entra-id/login/?process=login"' in page
    assert 'action="/accounts/saml/agency-workspace/login/?process=login"' in page
    assert "Sign in with Entra ID" in page and "Sign in with Agency Workspace" in page
    assert "Sign in with Old" not in page
    assert User.objects.count() == 0


def _signed_in_lead_with_provider_mfa(client):
    provider = _lead_mapping()
    request, _ = sign_in("entra-id", oidc_claims("ann@example.org", groups=["leads"], amr="mfa"))
    _into_client(client, request)
    assert client.get("/").status_code == 200
    return provider


def test_the_providers_mfa_holds_only_for_the_user_it_was_asserted_for(client):
    _signed_in_lead_with_provider_mfa(client)
    other = UserFactory(email="bob@example.org", roles=[roles.GOVERNANCE_LEAD])
    session = client.session
    session[MFA_BY_PROVIDER_SESSION_KEY] = {
        **session[MFA_BY_PROVIDER_SESSION_KEY],
        "user": other.pk,
    }
    session.save()
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")


def test_the_providers_mfa_holds_only_while_the_provider_is_enabled(client, personas):
    provider = _signed_in_lead_with_provider_mfa(client)
    services.sign_in_provider_update(actor=personas.admin, provider=provider, enabled=False)
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")


def test_a_partners_provider_mfa_does_not_stand_in_for_gouvernails(client):
    provider = provider_create("Agency", partner=PartnerFactory(), email_domains="agency.test")
    GroupMapping.objects.create(provider=provider, group="leads", role=roles.GOVERNANCE_LEAD)
    request, response = sign_in(
        "agency", oidc_claims("bob@agency.test", groups=["leads"], amr=["pwd", "mfa"])
    )
    assert response["Location"] == "/"
    assert MFA_BY_PROVIDER_SESSION_KEY not in request.session
    _into_client(client, request)
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")


def _sso_only_user_with_a_second_address():
    provider_create(email_domains="example.org", sso_only=True)
    user = UserFactory(email="ann@example.org")
    EmailAddress.objects.create(user=user, email="me@gmail.test", verified=False)
    return user


def test_a_password_login_by_a_second_address_of_an_sso_only_user_is_refused(client):
    _sso_only_user_with_a_second_address()
    response = client.post(
        reverse("account_login"), {"login": "me@gmail.test", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "sign in through Entra ID only" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_user_whose_person_is_in_an_sso_only_domain_may_not_use_a_password(client):
    provider_create(email_domains="example.org", sso_only=True)
    user = UserFactory(email="ann@gmail.test")
    PersonFactory(user=user, email="ann@example.org")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "sign in through Entra ID only" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_password_reset_by_a_second_address_of_an_sso_only_user_is_refused(client):
    _sso_only_user_with_a_second_address()
    response = client.post(reverse("account_reset_password"), {"email": "me@gmail.test"})
    assert response.status_code == 200
    assert "sign in through Entra ID only" in response.content.decode()
    assert not mail.outbox


def test_an_sso_only_user_may_not_add_an_address(client):
    user = _sso_only_user_with_a_second_address()
    client.force_login(user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "other@gmail.test"}
    )
    assert "sign in through Entra ID only" in response.content.decode()
    assert not EmailAddress.objects.filter(email="other@gmail.test").exists()
    # Anyone else still may.
    other = UserFactory(email="carl@other.test")
    client.force_login(other)
    client.post(reverse("account_email"), {"action_add": "", "email": "carl@gmail.test"})
    assert EmailAddress.objects.filter(user=other, email="carl@gmail.test").exists()


def test_any_login_but_a_providers_is_stopped_before_an_sso_only_user_is_signed_in():
    user = _sso_only_user_with_a_second_address()
    request = anonymous_request("/accounts/login/")
    response = get_account_adapter().pre_login(
        request,
        user,
        email_verification="none",
        signal_kwargs=None,
        email=None,
        signup=False,
        redirect_url=None,
    )
    assert (response.status_code, response["Location"]) == (302, reverse("account_login"))
