"""Writes that come from the identity provider: admitting a person who signs in for the first
time (just in time), and holding their roles and team to what the provider's groups say; and the
admin's writes to sign-in providers and group mappings.

The same services serve single sign-on (accounts.sso) and SCIM provisioning
(governance.provisioning). Who may be admitted is a rule: accounts.sso.rules."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor
from accounts.choices import ChangeAction, PersonKind, PersonStatus
from accounts.encryption import encrypt
from accounts.history import assign_fields, history_record, save_with_history
from accounts.models import GroupMapping, Person, SignInProvider, User
from accounts.roles import ROLE_GROUPS
from accounts.services import person_create, person_update, user_create, user_update
from accounts.sso.validation import provider_check

PROVIDER_FIELDS = (
    "name",
    "slug",
    "protocol",
    "client_id",
    "settings",
    "partner",
    "email_domains",
    "sso_only",
    "groups_claim",
    "enabled",
)
MAPPING_FIELDS = ("provider", "group", "role", "team", "active")


def _checked(provider: SignInProvider, data: dict[str, Any]) -> None:
    """Refuse what `provider` would be with `data` before anything is saved or recorded (a
    secret in its settings must reach neither the database nor the history)."""
    candidate = copy.copy(provider)
    assign_fields(candidate, PROVIDER_FIELDS, dict(data))
    provider_check(candidate)


def _with_secret(provider: SignInProvider, data: dict[str, Any]) -> dict[str, Any]:
    """A new secret is stored encrypted; an empty one keeps the stored secret. The history says
    that it changed, never what it is."""
    secret = (data.pop("secret", "") or "").strip()
    if secret:
        provider.secret = encrypt(secret)
    return data


@transaction.atomic
def sign_in_provider_create(*, actor: Actor, **data: Any) -> SignInProvider:
    provider = SignInProvider()
    data = _with_secret(provider, data)
    _checked(provider, data)
    return save_with_history(actor=actor, instance=provider, fields=PROVIDER_FIELDS, data=data)


@transaction.atomic
def sign_in_provider_update(
    *, actor: Actor, provider: SignInProvider, **data: Any
) -> SignInProvider:
    """Change a provider; `secret`, when given, replaces the stored one."""
    provider = SignInProvider.objects.select_for_update().get(pk=provider.pk)
    had = provider.secret
    data = _with_secret(provider, data)
    _checked(provider, data)
    provider = save_with_history(actor=actor, instance=provider, fields=PROVIDER_FIELDS, data=data)
    if provider.secret != had:  # saved with the rest; the history says only that it changed
        history_record(
            actor=actor,
            obj=provider,
            action=ChangeAction.UPDATE,
            changes={"secret": ["…", "…"]},
            message=gettext_noop("Secret replaced"),
        )
    return provider


@transaction.atomic
def group_mapping_create(*, actor: Actor, **data: Any) -> GroupMapping:
    return save_with_history(actor=actor, instance=GroupMapping(), fields=MAPPING_FIELDS, data=data)


# What a mapping gives: changing one of these retires the mapping and adds its replacement, so
# that the role it gave stays among the roles the scope manages (identity_groups_apply takes it
# back at the next sign-in) and the history shows both.
MAPPING_GIVES = ("provider", "group", "role")


@transaction.atomic
def group_mapping_update(*, actor: Actor, mapping: GroupMapping, **data: Any) -> GroupMapping:
    """Change a mapping; `active=False` retires it (it stays, for the history). A new provider,
    group or role retires it and returns the active mapping that replaces it."""
    mapping = GroupMapping.objects.select_for_update().get(pk=mapping.pk)
    gives = {name: getattr(mapping, name) for name in MAPPING_GIVES}
    if not any(name in data and data[name] != value for name, value in gives.items()):
        return save_with_history(actor=actor, instance=mapping, fields=MAPPING_FIELDS, data=data)
    replacement = {name: getattr(mapping, name) for name in MAPPING_FIELDS} | data
    if mapping.active:
        save_with_history(
            actor=actor, instance=mapping, fields=MAPPING_FIELDS, data={"active": False}
        )
    return group_mapping_create(actor=actor, **replacement)


@transaction.atomic
def identity_person_for(
    *,
    actor: Actor,
    email: str,
    first_name: str = "",
    last_name: str = "",
    provider: SignInProvider | None = None,
) -> Person:
    """The register's person with this e-mail address, or a new one (a partner's provider makes
    them that partner's staff)."""
    email = email.strip().lower()
    person = Person.objects.select_for_update().filter(email__iexact=email).first()
    if person is not None:
        return person
    partner = provider.partner if provider is not None else None
    return person_create(
        actor=actor,
        first_name=first_name or email.partition("@")[0],
        last_name=last_name or "-",
        email=email,
        kind=PersonKind.AGENCY_STAFF if partner is not None else PersonKind.EMPLOYEE,
        partner=partner,
        status=PersonStatus.ACTIVE,
    )


@transaction.atomic
def identity_user_for(*, actor: Actor, person: Person, full_name: str = "") -> User:
    """The person's account, created without a password when they have none (they sign in
    through the provider); the provider vouched for their address (accounts.sso.adapter and
    SCIM admit only verified ones), so it counts as verified."""
    if person.user_id is not None:
        return User.objects.get(pk=person.user_id)
    email = person.email.strip().lower()
    if not email:
        raise ValidationError(_("The identity provider sent no e-mail address."))
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_create(
            actor=actor,
            email=email,
            full_name=full_name or person.full_name,
            message=gettext_noop("Identity provider"),
        )
    person_update(actor=actor, person=person, user=user)
    return user


def _scope(provider: SignInProvider | None) -> Q:
    """The mappings that speak for `provider`: a partner's provider has only its own (global
    mappings are the organisation's: a partner must not make its people leads); one of the
    organisation's, its own and the global ones; SCIM without a provider, the global ones."""
    if provider is None:
        return Q(provider__isnull=True)
    if provider.partner_id is not None:
        return Q(provider=provider)
    return Q(provider__isnull=True) | Q(provider=provider)


@transaction.atomic
def identity_groups_apply(
    *,
    actor: Actor,
    user: User,
    groups: Iterable[str],
    provider: SignInProvider | None = None,
) -> dict[str, list]:
    """Hold the user's roles and team to the provider's groups. A role that any mapping of the
    provider's scope gives, active or retired, is managed: held exactly while an active mapping
    of one of the user's groups gives it (so removing the group, or retiring or changing the
    mapping, removes the role). Roles no mapping ever gave stay as an admin set them. A mapped
    team becomes the person's team; without one, the team stays. Returns the changes recorded."""
    names = {str(g).strip() for g in groups if str(g).strip()}
    scope = GroupMapping.objects.filter(_scope(provider))
    managed = set(scope.exclude(role="").values_list("role", flat=True))
    mappings = list(scope.filter(active=True, group__in=names).select_related("team"))
    given = {m.role for m in mappings if m.role}
    changes: dict[str, list] = {}
    held = set(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
    wanted = (held - managed) | given
    if wanted != held:
        others = list(user.groups.exclude(name__in=ROLE_GROUPS))
        user_update(
            actor=actor,
            user=user,
            groups=[*others, *Group.objects.filter(name__in=wanted)],
            message=gettext_noop("Identity provider groups"),
        )
        changes["groups"] = [sorted(held), sorted(wanted)]
    person = Person.objects.filter(user=user).first()
    mapped = [m.team for m in mappings if m.team is not None]
    if mapped and person is not None and person.team_id not in {t.pk for t in mapped}:
        team = min(mapped, key=lambda t: t.name)
        changes["team"] = [str(person.team) if person.team_id else None, str(team)]
        person_update(actor=actor, person=person, team=team)
    return changes
