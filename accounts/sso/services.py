"""Writes that come from the identity provider: admitting a person who signs in for the first
time (just in time), and holding their roles and team to what the provider's groups say.

The same services serve single sign-on (accounts.sso) and SCIM provisioning (governance.provisioning)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor
from accounts.choices import ChangeAction, PersonKind, PersonStatus
from accounts.encryption import encrypt
from accounts.history import history_record, record_create, save_with_history
from accounts.models import GroupMapping, Person, SignInProvider, User
from accounts.roles import ROLE_GROUPS
from accounts.services import USER_FIELDS, person_create, person_update

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
    return save_with_history(actor=actor, instance=provider, fields=PROVIDER_FIELDS, data=data)


@transaction.atomic
def sign_in_provider_update(
    *, actor: Actor, provider: SignInProvider, **data: Any
) -> SignInProvider:
    """Change a provider; `secret`, when given, replaces the stored one."""
    provider = SignInProvider.objects.select_for_update().get(pk=provider.pk)
    had = provider.secret
    data = _with_secret(provider, data)
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


@transaction.atomic
def group_mapping_update(*, actor: Actor, mapping: GroupMapping, **data: Any) -> GroupMapping:
    """Change a mapping; `active=False` retires it (it stays, for the history)."""
    mapping = GroupMapping.objects.select_for_update().get(pk=mapping.pk)
    return save_with_history(actor=actor, instance=mapping, fields=MAPPING_FIELDS, data=data)


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def admits(provider: SignInProvider | None, email: str) -> bool:
    """Whether `provider` may create an account for `email` on first sign-in: the organisation's
    domains for its own providers, the provider's listed domains for any."""
    domain = email_domain(email)
    if provider is not None and domain in provider.domains:
        return True
    own = provider is None or provider.partner_id is None
    return own and domain in settings.ORGANISATION_EMAIL_DOMAINS


def sso_only_provider(email: str) -> SignInProvider | None:
    """The provider through which `email` must sign in, when its domain is SSO-only."""
    domain = email_domain(email)
    for provider in SignInProvider.objects.filter(sso_only=True, enabled=True):
        if domain in provider.domains:
            return provider
    return None


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
    through the provider); their e-mail address is the provider's, so it counts as verified."""
    if person.user_id is not None:
        return User.objects.get(pk=person.user_id)
    email = person.email.strip().lower()
    if not email:
        raise ValidationError(_("The identity provider sent no e-mail address."))
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, full_name=full_name or person.full_name)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        record_create(
            actor=actor, obj=user, fields=USER_FIELDS, message=gettext_noop("Identity provider")
        )
    person_update(actor=actor, person=person, user=user)
    return user


def _mappings(provider: SignInProvider | None) -> list[GroupMapping]:
    rows = GroupMapping.objects.filter(active=True).select_related("team")
    if provider is None:
        return list(rows.filter(provider__isnull=True))
    return list(rows.filter(provider__isnull=True) | rows.filter(provider=provider))


@transaction.atomic
def identity_groups_apply(
    *,
    actor: Actor,
    user: User,
    groups: Iterable[str],
    provider: SignInProvider | None = None,
) -> dict[str, list]:
    """Hold the user's roles and team to the provider's groups. A role that some mapping gives is
    held exactly while one of its groups is (so removing the group removes the role); roles no
    mapping mentions stay as an admin set them. A mapped team becomes the person's team; without
    one, the team stays. Returns the changes recorded."""
    names = {str(g).strip() for g in groups if str(g).strip()}
    mappings = _mappings(provider)
    managed = {m.role for m in mappings if m.role}
    given = {m.role for m in mappings if m.role and m.group in names}
    teams = [m.team for m in mappings if m.group in names]
    changes: dict[str, list] = {}
    held = set(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
    wanted = (held - managed) | given
    if wanted != held:
        others = list(user.groups.exclude(name__in=ROLE_GROUPS))
        user.groups.set([*others, *Group.objects.filter(name__in=wanted)])
        changes["groups"] = [sorted(held), sorted(wanted)]
        history_record(
            actor=actor,
            obj=user,
            action=ChangeAction.UPDATE,
            changes={"groups": changes["groups"]},
            message=gettext_noop("Identity provider groups"),
        )
    person = Person.objects.filter(user=user).first()
    mapped = [team for team in teams if team is not None]
    if mapped and person is not None and person.team_id not in {t.pk for t in mapped}:
        team = min(mapped, key=lambda t: t.name)
        changes["team"] = [str(person.team) if person.team_id else None, str(team)]
        person_update(actor=actor, person=person, team=team)
    return changes
