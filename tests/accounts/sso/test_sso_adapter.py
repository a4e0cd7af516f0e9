"""Sign-in providers as allauth's social applications, and what a sign-in through them does:
accounts made just in time for admitted addresses only, existing accounts connected, roles and
team held to the provider's groups at every sign-in (accounts/sso/adapter.py)."""

from __future__ import annotations

import pytest
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.urls import reverse

from accounts import roles
from accounts.models import GroupMapping, ObjectChange, Person, SignInProvider, User
from tests.accounts.sso.sso_helpers import FakeSAMLAuth, oidc_claims, provider_create, sign_in
from tests.factories import PartnerFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _organisation(settings):
    settings.ORGANISATION_EMAIL_DOMAINS = ["example.org"]


def test_enabled_providers_are_social_apps_built_in_memory_with_the_secret_decrypted(rf):
    provider_create()
    provider_create("Agency Workspace", protocol="saml", client_id="https://idp.example.test")
    provider_create("Old", slug="old", enabled=False)
    apps = {app.provider_id: app for app in get_adapter().list_apps(rf.get("/"))}
    assert set(apps) == {"entra-id", "agency-workspace"}
    oidc, saml = apps["entra-id"], apps["agency-workspace"]
    assert (oidc.provider, oidc.client_id, oidc.secret) == (
        "openid_connect",
        "gouvernail",
        "s3cret",
    )
    assert oidc.settings["oauth_pkce_enabled"] is True
    assert oidc.settings["server_url"] == "https://login.example.test/tenant/v2.0"
    # allauth addresses a SAML application by its client ID: the slug. The row's client ID is
    # the IdP's entity ID.
    assert (saml.provider, saml.client_id) == ("saml", "agency-workspace")
    assert saml.settings["idp"]["entity_id"] == "https://idp.example.test"
    assert saml.settings["advanced"]["want_assertion_signed"] is True
    assert not SocialApp.objects.exists()  # never saved: the secret stays encrypted


def test_several_providers_of_one_protocol_are_told_apart_by_their_slug(rf):
    provider_create()
    provider_create("Okta", settings={"server_url": "https://okta.example.test"})
    adapter = get_adapter()
    assert (
        adapter.get_provider(rf.get("/"), "okta")
        .app.settings["server_url"]
        .startswith("https://okta")
    )
    assert adapter.get_app(rf.get("/"), "entra-id").name == "Entra ID"


def test_a_first_sign_in_creates_the_person_and_the_account(client):
    provider = provider_create()
    GroupMapping.objects.create(provider=provider, group="gv-leads", role=roles.GOVERNANCE_LEAD)
    request, response = sign_in(
        "entra-id", oidc_claims("Ann@Example.org", groups=["gv-leads", "other"], amr=["mfa"])
    )
    assert response.status_code == 302
    user = User.objects.get(email="ann@example.org")
    assert not user.has_usable_password()
    assert user.person.full_name == "Ann Lee"
    assert roles.is_governance_lead(user)
    assert SocialAccount.objects.get(user=user).provider == "entra-id"
    assert int(request.session["_auth_user_id"]) == user.pk
    for obj in (user, user.person):  # created, and given the role, by the provider's sign-in
        assert {c.actor_label for c in ObjectChange.objects.for_object(obj)} == {"SSO: Entra ID"}


def test_a_partners_provider_creates_people_of_that_partner():
    partner = PartnerFactory()
    provider_create("Agency", partner=partner, email_domains="agency.test")
    sign_in("agency", oidc_claims("bob@agency.test"))
    person = Person.objects.get(email="bob@agency.test")
    assert (person.partner, person.kind) == (partner, "agency_staff")


@pytest.mark.parametrize(
    ("provider_fields", "email"),
    [
        ({}, "eve@gmail.com"),  # not the organisation's
        ({"partner": "partner", "email_domains": "agency.test"}, "ann@example.org"),
    ],
)
def test_a_refused_address_gets_a_page_that_says_why_and_nothing_is_created(provider_fields, email):
    if provider_fields.get("partner"):
        provider_fields = provider_fields | {"partner": PartnerFactory()}
    provider_create(**provider_fields)
    before = (User.objects.count(), Person.objects.count(), ObjectChange.objects.count())
    _, response = sign_in("entra-id", oidc_claims(email))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Sign-in refused" in page and "No account was created" in page
    assert email.rpartition("@")[2] in page
    after = (User.objects.count(), Person.objects.count(), ObjectChange.objects.count())
    assert after == before
    assert not SocialAccount.objects.exists()


def test_no_email_from_the_provider_is_refused():
    provider_create()
    claims = {"id_token": {"sub": "x-1"}}
    _, response = sign_in("entra-id", claims)
    assert response.status_code == 403
    assert "sent no e-mail address" in response.content.decode()
    assert not User.objects.exists()


def test_an_existing_user_is_connected_not_duplicated():
    provider_create()
    user = UserFactory(email="ann@example.org")
    person = PersonFactory(user=user, email=user.email)
    request, response = sign_in("entra-id", oidc_claims("ANN@example.org", sub="entra-123"))
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="ann@example.org").count() == 1
    account = SocialAccount.objects.get(uid="entra-123")
    assert account.user == user
    assert int(request.session["_auth_user_id"]) == user.pk
    person.refresh_from_db()
    assert person.user == user


def test_a_closed_account_is_not_signed_in_nor_recreated():
    provider_create()
    UserFactory(email="gone@example.org", is_active=False)
    request, response = sign_in("entra-id", oidc_claims("gone@example.org"))
    assert User.objects.filter(email="gone@example.org").count() == 1
    assert (response.status_code, response["Location"]) == (302, reverse("account_inactive"))
    assert "_auth_user_id" not in request.session


@pytest.mark.parametrize("verified", [False, "false", None])
def test_an_address_the_provider_does_not_call_verified_connects_nothing(verified):
    provider_create()
    user = UserFactory(email="ann@example.org")
    claims = oidc_claims("ann@example.org", sub="attacker-1")
    claims["id_token"]["email_verified"] = verified
    request, response = sign_in("entra-id", claims)
    assert response.status_code == 403
    assert "does not say that this address is verified" in response.content.decode()
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in request.session
    assert User.objects.get() == user


def test_an_unverified_address_gets_no_account_just_in_time():
    provider_create()
    claims = oidc_claims("new@example.org", email_verified=False)
    _, response = sign_in("entra-id", claims)
    assert response.status_code == 403
    assert not User.objects.exists() and not Person.objects.exists()


def _saml_sign_in(**settings):
    provider_create(
        "Workspace",
        protocol="saml",
        settings={"idp": {"sso_url": "https://idp.example.test/sso"}, **settings},
    )
    auth = FakeSAMLAuth({"email": ["ann@example.org"]}, nameid="ann@example.org")
    return sign_in("workspace", auth)


def test_a_saml_address_counts_as_verified_only_when_the_admin_says_the_idp_assigns_them():
    user = UserFactory(email="ann@example.org")
    _, response = _saml_sign_in()
    assert response.status_code == 403 and not SocialAccount.objects.exists()
    SignInProvider.objects.all().delete()
    _, response = _saml_sign_in(verified_email=["example.org"])
    assert response.status_code == 302
    assert SocialAccount.objects.get().user == user


def test_a_partners_provider_does_not_apply_the_organisations_mappings():
    GroupMapping.objects.create(group="leads", role=roles.GOVERNANCE_LEAD)
    provider_create("Agency", partner=PartnerFactory(), email_domains="agency.test")
    sign_in("agency", oidc_claims("bob@agency.test", groups=["leads"]))
    assert not roles.is_governance_lead(User.objects.get(email="bob@agency.test"))


def test_groups_are_applied_at_every_sign_in_and_a_removed_group_removes_the_role():
    provider = provider_create()
    social = TeamFactory(name="Social")
    GroupMapping.objects.create(provider=provider, group="gv-leads", role=roles.GOVERNANCE_LEAD)
    GroupMapping.objects.create(provider=provider, group="gv-social", team=social)
    sign_in("entra-id", oidc_claims("ann@example.org", groups=["gv-leads", "gv-social"]))
    user = User.objects.get(email="ann@example.org")
    assert roles.is_governance_lead(user) and user.person.team == social

    sign_in("entra-id", oidc_claims("ann@example.org", groups=["gv-social"]))
    user = User.objects.get(pk=user.pk)
    assert not roles.is_governance_lead(user)
    change = ObjectChange.objects.for_object(user).filter(changes__has_key="groups").first()
    assert change.actor_label == "SSO: Entra ID"
    assert change.changes["groups"] == [[roles.GOVERNANCE_LEAD], []]


def test_groups_come_from_the_configured_claim_or_nested_claim():
    provider = provider_create(groups_claim="realm_access.roles")
    GroupMapping.objects.create(provider=provider, group="auditors", role=roles.AUDITOR)
    sign_in("entra-id", oidc_claims("ann@example.org", realm_access={"roles": ["auditors"]}))
    assert roles.is_auditor(User.objects.get(email="ann@example.org"))


def test_a_saml_sign_in_reads_the_attributes_and_the_groups_attribute():
    provider = provider_create(
        "Workspace", protocol="saml", groups_claim="groups", email_domains="example.org"
    )
    GroupMapping.objects.create(provider=provider, group="Auditors", role=roles.AUDITOR)
    auth = FakeSAMLAuth(
        {
            "email": ["carl@example.org"],
            "first_name": ["Carl"],
            "last_name": ["Diaz"],
            "groups": ["Auditors", "Everyone"],
        },
        nameid="carl@example.org",
    )
    _, response = sign_in("workspace", auth)
    assert response.status_code == 302
    user = User.objects.get(email="carl@example.org")
    assert user.person.full_name == "Carl Diaz"
    assert roles.is_auditor(user)
    assert SocialAccount.objects.get(user=user).provider == "workspace"
