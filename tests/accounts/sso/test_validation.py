"""What a sign-in provider must be before it is saved (accounts/sso/validation.py), and the CSP
form-action its sign-in opens (accounts/sso/middleware.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.models import ObjectChange, SignInProvider
from accounts.sso import services
from accounts.sso.middleware import provider_origins
from tests.accounts.sso.sso_helpers import provider_create
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow…\n-----END RSA PRIVATE KEY-----"


@pytest.fixture(autouse=True)
def _organisation(settings):
    settings.ORGANISATION_EMAIL_DOMAINS = ["example.org"]


def _refused(**fields) -> dict:
    with pytest.raises(ValidationError) as refused:
        provider_create(**fields)
    assert not SignInProvider.objects.filter(name=fields.get("name", "Entra ID")).exists()
    return refused.value.message_dict


def test_sso_only_needs_the_domains_it_applies_to():
    errors = _refused(sso_only=True)
    assert "list the domains whose addresses must use it" in errors["email_domains"][0]
    assert provider_create(sso_only=True, email_domains="example.org").sso_only


def test_a_partners_provider_may_not_list_the_organisations_domains():
    errors = _refused(
        name="Agency", partner=PartnerFactory(), email_domains="agency.test, example.org"
    )
    assert errors["email_domains"] == [
        "A partner's provider may not speak for the organisation's domains: example.org."
    ]


def test_two_enabled_providers_may_not_both_be_the_only_way_in_for_a_domain():
    provider_create(sso_only=True, email_domains="example.org")
    errors = _refused(name="Okta", sso_only=True, email_domains="other.test, example.org")
    assert errors["email_domains"] == [
        "Entra ID is already the only way to sign in for example.org."
    ]
    # A disabled one claims nothing; one that is not SSO-only neither.
    provider_create("Old", sso_only=True, email_domains="example.org", enabled=False)
    provider_create("Okta", email_domains="example.org")


@pytest.mark.parametrize(
    "given",
    [
        {"idp": {"sso_url": "https://idp.test/sso"}, "advanced": {"private_key": PEM}},
        {"server_url": "https://login.test", "client_secret": "abc"},
        {"server_url": "https://login.test", "nested": [{"Password": "hunter2"}]},
        {"idp": {"sso_url": "https://idp.test/sso"}, "sp": {"x509cert": PEM}},
    ],
)
def test_a_secret_in_the_settings_is_refused_and_never_recorded(given, personas):
    protocol = "saml" if "idp" in given else "openid_connect"
    errors = _refused(protocol=protocol, settings=given)
    assert "remove the secret they hold" in errors["settings"][0]
    provider = provider_create(protocol=protocol)
    with pytest.raises(ValidationError):
        services.sign_in_provider_update(actor=personas.admin, provider=provider, settings=given)
    provider.refresh_from_db()
    assert "hunter2" not in str(provider.settings) and "PRIVATE" not in str(provider.settings)
    history = str(list(ObjectChange.objects.values_list("changes", flat=True)))
    assert not any(word in history for word in ("PRIVATE", "hunter2", "abc"))


@pytest.mark.parametrize(
    "given",
    [
        {"server_url": "https://*.okta.com"},
        {"server_url": "https://login.test", "form_action": ["https://*"]},
        {"server_url": "javascript:alert(1)"},
    ],
)
def test_an_address_the_browser_is_sent_to_is_one_plain_origin(given):
    errors = _refused(settings=given)
    assert "without a wildcard" in errors["settings"][0]


def test_a_saml_idp_known_by_its_metadata_url_only_names_its_sign_on_origin():
    metadata = {"idp": {"metadata_url": "https://meta.idp.test/metadata"}}
    errors = _refused(protocol="saml", settings=metadata)
    assert '"form_action"' in errors["settings"][0]
    provider_create(protocol="saml", settings={**metadata, "form_action": ["https://sso.idp.test"]})
    assert provider_origins() == ["https://sso.idp.test"]  # never the metadata URL's


def test_form_action_allows_only_the_origins_a_sign_in_sends_the_browser_to():
    provider_create(settings={"server_url": "https://login.example.test/tenant/v2.0"})
    provider_create(
        "Okta",
        settings={
            "server_url": "https://issuer.okta.test",
            "openid_configuration_overrides": {
                "authorization_endpoint": "https://auth.okta.test:8443/authorize"
            },
        },
    )
    provider_create(
        "Workspace",
        protocol="saml",
        settings={
            "idp": {
                "sso_url": "https://idp.example.test/sso",
                "metadata_url": "https://metadata.example.test/idp.xml",
            }
        },
    )
    provider_create("Old", settings={"server_url": "https://old.test"}, enabled=False)
    assert provider_origins() == [
        "https://auth.okta.test:8443",
        "https://idp.example.test",
        "https://login.example.test",
    ]
