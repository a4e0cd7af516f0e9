"""The identity provider's writes: who is admitted on first sign-in, and roles and teams held to
the provider's groups (accounts/sso/services.py)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from accounts import roles
from accounts.actor import Agent
from accounts.encryption import decrypt
from accounts.models import GroupMapping, ObjectChange, Person, SignInProvider
from accounts.sso import rules, services
from tests.factories import PartnerFactory, PersonFactory, TeamFactory, UserFactory

ENTRA = Agent("Entra ID")


def _provider(name="Entra ID", **fields) -> SignInProvider:
    return services.sign_in_provider_create(
        actor=None,
        name=name,
        slug=name.lower().replace(" ", "-"),
        protocol="openid_connect",
        **fields,
    )


@override_settings(ORGANISATION_EMAIL_DOMAINS=["example.org"])
@pytest.mark.django_db
def test_only_the_organisations_domains_and_a_providers_own_are_admitted():
    staff = _provider()
    agency = _provider("Agency", partner=PartnerFactory(), email_domains="agency.test, Other.test")
    assert rules.admits(staff, "ann@EXAMPLE.org")
    assert not rules.admits(staff, "ann@gmail.com")
    assert rules.admits(agency, "bob@other.test")
    assert not rules.admits(agency, "ann@example.org")  # a partner speaks for its own only


@pytest.mark.django_db
def test_sso_only_names_the_provider_of_the_domain():
    provider = _provider(email_domains="example.org", sso_only=True)
    _provider("Other", email_domains="other.test")
    assert rules.sso_only_provider("ann@Example.org") == provider
    assert rules.sso_only_provider("bob@other.test") is None


@pytest.mark.django_db
def test_a_person_is_matched_by_email_or_created_as_the_partners_staff():
    known = PersonFactory(email="ann@example.org")
    agency = _provider("Agency", partner=PartnerFactory(), email_domains="agency.test")
    assert services.identity_person_for(actor=ENTRA, email=" ANN@example.org") == known
    new = services.identity_person_for(
        actor=ENTRA, email="bob@agency.test", first_name="Bob", last_name="Stone", provider=agency
    )
    assert (new.partner, new.kind, new.full_name) == (agency.partner, "agency_staff", "Bob Stone")
    assert ObjectChange.objects.for_object(new).get().actor_label == "Entra ID"


@pytest.mark.django_db
def test_an_account_is_made_once_without_a_password_and_linked():
    person = PersonFactory(email="ann@example.org", first_name="Ann", last_name="Lee")
    user = services.identity_user_for(actor=ENTRA, person=person)
    assert not user.has_usable_password()
    assert user.emailaddress_set.get().verified
    assert services.identity_user_for(actor=ENTRA, person=Person.objects.get(pk=person.pk)) == user


@pytest.mark.django_db
def test_groups_give_roles_exactly_and_leave_unmapped_roles_alone():
    provider = _provider()
    social = TeamFactory(name="Social")
    GroupMapping.objects.create(group="gv-leads", role=roles.GOVERNANCE_LEAD)
    GroupMapping.objects.create(provider=provider, group="gv-social", role=roles.TEAM_MEMBER)
    GroupMapping.objects.create(provider=provider, group="gv-social", team=social)
    user = UserFactory(roles=[roles.AUDITOR])  # no mapping gives it: an admin's to keep
    person = PersonFactory(user=user, email=user.email)

    changes = services.identity_groups_apply(
        actor=ENTRA, user=user, groups=["gv-leads", "gv-social", "unknown"], provider=provider
    )
    assert set(changes["groups"][1]) == {roles.AUDITOR, roles.GOVERNANCE_LEAD, roles.TEAM_MEMBER}
    person.refresh_from_db()
    assert person.team == social

    services.identity_groups_apply(actor=ENTRA, user=user, groups=["gv-social"], provider=provider)
    assert set(user.groups.values_list("name", flat=True)) == {roles.AUDITOR, roles.TEAM_MEMBER}
    again = services.identity_groups_apply(
        actor=ENTRA, user=user, groups=["gv-social"], provider=provider
    )
    assert again == {}


@pytest.mark.django_db
def test_a_providers_secret_is_stored_encrypted_and_its_history_keeps_no_trace_of_it(personas):
    provider = _provider(secret="s3cret-value")
    assert provider.secret.startswith("fernet:") and "s3cret" not in provider.secret
    services.sign_in_provider_update(actor=personas.admin, provider=provider, secret="other")
    services.sign_in_provider_update(actor=personas.admin, provider=provider, secret="")
    provider.refresh_from_db()
    assert decrypt(provider.secret) == "other"
    history = list(ObjectChange.objects.for_object(provider).values_list("changes", flat=True))
    assert len(history) == 2 and not any("s3cret" in str(h) or "other" in str(h) for h in history)


@pytest.mark.django_db
def test_a_retired_mapping_takes_its_role_back_at_the_next_sign_in(personas):
    mapping = services.group_mapping_create(
        actor=personas.admin, group="gv-leads", role=roles.GOVERNANCE_LEAD
    )
    user = UserFactory()
    services.identity_groups_apply(actor=ENTRA, user=user, groups=["gv-leads"])
    assert user.groups.filter(name=roles.GOVERNANCE_LEAD).exists()
    services.group_mapping_update(actor=personas.admin, mapping=mapping, active=False)
    changes = services.identity_groups_apply(actor=ENTRA, user=user, groups=["gv-leads"])
    assert changes == {"groups": [[roles.GOVERNANCE_LEAD], []]}
    assert not user.groups.exists()


@pytest.mark.django_db
def test_a_mapping_changed_to_another_role_moves_the_role(personas):
    mapping = services.group_mapping_create(
        actor=personas.admin, group="gv-leads", role=roles.GOVERNANCE_LEAD
    )
    user = UserFactory()
    services.identity_groups_apply(actor=ENTRA, user=user, groups=["gv-leads"])
    services.group_mapping_update(actor=personas.admin, mapping=mapping, role=roles.AUDITOR)
    services.identity_groups_apply(actor=ENTRA, user=user, groups=["gv-leads"])
    assert set(user.groups.values_list("name", flat=True)) == {roles.AUDITOR}


@override_settings(ORGANISATION_EMAIL_DOMAINS=["example.org"])
@pytest.mark.django_db
def test_global_mappings_speak_for_the_organisations_providers_and_scim_not_a_partners():
    GroupMapping.objects.create(group="leads", role=roles.GOVERNANCE_LEAD)
    staff = _provider()
    agency = _provider("Agency", partner=PartnerFactory(), email_domains="agency.test")
    GroupMapping.objects.create(provider=agency, group="editors", role=roles.TEAM_MEMBER)
    user = UserFactory()

    services.identity_groups_apply(
        actor=ENTRA, user=user, groups=["leads", "editors"], provider=agency
    )
    assert set(user.groups.values_list("name", flat=True)) == {roles.TEAM_MEMBER}
    services.identity_groups_apply(actor=ENTRA, user=user, groups=["leads", "editors"])
    assert set(user.groups.values_list("name", flat=True)) == {
        roles.TEAM_MEMBER,  # SCIM without a provider: the global mappings only
        roles.GOVERNANCE_LEAD,
    }
    services.identity_groups_apply(actor=ENTRA, user=user, groups=[], provider=staff)
    assert set(user.groups.values_list("name", flat=True)) == {roles.TEAM_MEMBER}


@pytest.mark.django_db
def test_groups_change_through_user_update_with_the_providers_name_in_the_history():
    GroupMapping.objects.create(group="leads", role=roles.GOVERNANCE_LEAD)
    user = UserFactory()
    services.identity_groups_apply(actor=ENTRA, user=user, groups=["leads"])
    change = ObjectChange.objects.for_object(user).get(changes__has_key="groups")
    assert (change.actor_label, change.message) == ("Entra ID", "Identity provider groups")
    assert change.changes == {"groups": [[], [roles.GOVERNANCE_LEAD]]}


@pytest.mark.django_db
def test_an_account_made_for_a_provider_is_created_as_an_invitation_is():
    person = PersonFactory(email="Ann@Example.org")
    user = services.identity_user_for(actor=ENTRA, person=person)
    created = ObjectChange.objects.for_object(user).get()
    assert (created.action, created.actor_label, created.message) == (
        "create",
        "Entra ID",
        "Identity provider",
    )
    assert (user.email, user.emailaddress_set.get().email) == ("ann@example.org", "ann@example.org")
