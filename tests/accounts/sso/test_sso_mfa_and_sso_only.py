"""A provider's multi-factor assertion, and SSO-only domains (accounts/sso/mfa.py,
accounts/sso/account_adapter.py, accounts/sso/forms.py)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.middleware import MFA_BY_PROVIDER_SESSION_KEY
from accounts.models import GroupMapping, User
from accounts.sso.claims import AUTHN_CONTEXTS_KEY, mfa_asserted
from tests.accounts.sso.sso_helpers import oidc_claims, provider_create, sign_in
from tests.factories import PASSWORD, PersonFactory, UserFactory, give_totp

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
        ({"amr": ["pwd", "otp"]}, ["amr:otp"]),
        ({"amr": ["hwk"]}, ["amr:hwk"]),
        ({"amr": ["pwd"]}, []),
        ({"acr": "urn:okta:loa:2fa:any"}, []),  # an acr counts only when the provider says so
        ({}, []),
    ],
)
def test_amr_values_that_name_a_second_factor_count(claims, proof):
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
    assert request.session[MFA_BY_PROVIDER_SESSION_KEY] == {
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
