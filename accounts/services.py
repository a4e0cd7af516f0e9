"""Writes to users and the people directory. Each runs in one transaction with its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import encryption
from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction, PersonStatus
from accounts.history import (
    assign_fields,
    diff,
    history_bulk_record,
    history_record,
    record_create,
    save_with_history,
    snapshot,
)
from accounts.invitations import send_invitation
from accounts.mfa import ENCRYPTED_DATA
from accounts.models import ApiToken, Partner, Person, Team, User
from accounts.scopes import SCOPES
from accounts.tokens import new_secret, token_revoke

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "kind",
    "job_title",
    "team",
    "partner",
    "manager",
    "status",
    "start_date",
    "end_date",
    "user",
)
TEAM_FIELDS = ("name", "description", "lead")
PARTNER_FIELDS = ("name", "kind", "contract_end", "contact_email", "notes")
API_TOKEN_MAX_DAYS = 366
USER_FIELDS = ("email", "full_name", "is_active", "is_staff", "is_superuser", "groups")


@transaction.atomic
def person_create(*, actor: Actor, **data: Any) -> Person:
    """Add a person to the directory."""
    return save_with_history(actor=actor, instance=Person(), fields=PERSON_FIELDS, data=data)


@transaction.atomic
def person_update(*, actor: Actor, person: Person, **data: Any) -> Person:
    """Change a person's details; only what changed is recorded."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    return save_with_history(actor=actor, instance=person, fields=PERSON_FIELDS, data=data)


@transaction.atomic
def team_create(*, actor: Actor, **data: Any) -> Team:
    """Add a team."""
    return save_with_history(actor=actor, instance=Team(), fields=TEAM_FIELDS, data=data)


@transaction.atomic
def team_update(*, actor: Actor, team: Team, **data: Any) -> Team:
    """Change a team."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    return save_with_history(actor=actor, instance=team, fields=TEAM_FIELDS, data=data)


@transaction.atomic
def partner_create(*, actor: Actor, **data: Any) -> Partner:
    """Add a partner organisation."""
    return save_with_history(actor=actor, instance=Partner(), fields=PARTNER_FIELDS, data=data)


@transaction.atomic
def partner_update(*, actor: Actor, partner: Partner, **data: Any) -> Partner:
    """Change a partner organisation."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    return save_with_history(actor=actor, instance=partner, fields=PARTNER_FIELDS, data=data)


@transaction.atomic
def people_mark_leavers_left(*, today: dt.date, actor: Actor = None) -> int:
    """Leavers whose end date has passed become 'left'. Returns how many changed."""
    leavers = list(
        Person.objects.select_for_update()
        .filter(status=PersonStatus.LEAVING, end_date__lt=today)
        .order_by("pk")
    )
    if not leavers:
        return 0
    Person.objects.filter(pk__in=[p.pk for p in leavers]).update(status=PersonStatus.LEFT)
    history_bulk_record(
        actor=actor,
        objects=leavers,
        action=ChangeAction.UPDATE,
        changes={"status": [PersonStatus.LEAVING.value, PersonStatus.LEFT.value]},
        message=gettext_noop("End date passed"),
    )
    return len(leavers)


def _set_groups(user: User, groups: Iterable[Group | str]) -> None:
    wanted = [g if isinstance(g, Group) else Group.objects.get(name=g) for g in groups]
    user.groups.set(wanted)


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    email: str,
    full_name: str = "",
    groups: Iterable[Group | str] = (),
    is_staff: bool = False,
    message: str = "",
) -> User:
    """Create an account without a password: its owner chooses one from an invitation, or signs
    in through an identity provider. Whoever creates it vouches for the address (MFA set-up
    needs it verified)."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    user = User(email=email, full_name=full_name, is_staff=is_staff)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    _set_groups(user, groups)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    record_create(actor=actor, obj=user, fields=USER_FIELDS, message=message)
    return user


@transaction.atomic
def user_invite(
    *,
    actor: Actor,
    email: str,
    full_name: str = "",
    groups: Iterable[Group | str] = (),
    is_staff: bool = False,
    person: Person | None = None,
    base_url: str,
) -> User:
    """Create an account without a password and e-mail its owner a link to choose one."""
    user = user_create(
        actor=actor,
        email=email,
        full_name=full_name,
        groups=groups,
        is_staff=is_staff,
        message=gettext_noop("Invited"),
    )
    if person is not None:
        person_update(actor=actor, person=person, user=user)
    transaction.on_commit(lambda: send_invitation(user_id=user.pk, base_url=base_url))
    return user


@transaction.atomic
def user_update(*, actor: Actor, user: User, message: str = "", **data: Any) -> User:
    """Change a user's details, roles or activation; `message` says why, in the history."""
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, USER_FIELDS)
    groups = data.pop("groups", None)
    assign_fields(user, USER_FIELDS, data)
    user.full_clean(exclude=["password"])
    user.save()
    if groups is not None:
        _set_groups(user, groups)
    if "email" in data:
        EmailAddress.objects.filter(user=user, primary=True).update(email=user.email)
    changes = diff(before, snapshot(user, USER_FIELDS))
    if changes:
        history_record(
            actor=actor, obj=user, action=ChangeAction.UPDATE, changes=changes, message=message
        )
    return user


def _rotated(value: Any) -> Any:
    if isinstance(value, str):
        return encryption.rotate(value)
    if isinstance(value, list):
        return [_rotated(item) for item in value]
    return value


@transaction.atomic
def second_factors_reencrypt(*, actor: Actor = None) -> int:
    """Encrypt every second factor's secrets again under FIELD_ENCRYPTION_KEY, so that older
    keys may be dropped. Returns how many authenticators changed; one unreadable writes nothing."""
    authenticators = (
        Authenticator.objects.select_for_update()
        .filter(type__in=ENCRYPTED_DATA)
        .select_related("user")
        .order_by("pk")
    )
    changed = []
    for authenticator in authenticators:
        data = dict(authenticator.data)
        for name in ENCRYPTED_DATA[authenticator.type]:
            if name not in data:
                continue
            try:
                data[name] = _rotated(data[name])
            except ValueError as exc:
                raise ValueError(
                    f"The {authenticator.type} authenticator {authenticator.pk} of "
                    f"{authenticator.user}: {exc}"
                ) from None
        if data != authenticator.data:
            authenticator.data = data
            changed.append(authenticator)
    Authenticator.objects.bulk_update(changed, ["data"], batch_size=500)
    users = {authenticator.user_id: authenticator.user for authenticator in changed}
    history_bulk_record(
        actor=actor,
        objects=list(users.values()),
        action=ChangeAction.UPDATE,
        changes={},
        message=gettext_noop("Second factor encrypted again under the current key"),
    )
    return len(changed)


@transaction.atomic
def second_factors_reset(*, actor: Actor, user: User) -> int:
    """Remove every second factor of `user` (authenticator app, recovery codes, security keys),
    as when they lost their phone, and end their sessions: at their next sign-in they set up a new
    one (where MFA is required, before anything else). The history says which kinds went and who
    removed them; the secrets go with the rows. Returns how many were removed."""
    user = User.objects.select_for_update().get(pk=user.pk)
    authenticators = Authenticator.objects.filter(user=user)
    kinds = sorted(set(authenticators.values_list("type", flat=True)))
    if not kinds:
        return 0
    removed, _by_model = authenticators.delete()
    for session in UserSession.objects.filter(user=user):
        session.end()
    history_record(
        actor=actor,
        obj=user,
        action=ChangeAction.UPDATE,
        changes={"second_factors": [", ".join(kinds), ""]},
        message=gettext_noop("Second factors reset: a new one is set up at the next sign-in"),
    )
    return removed


# API tokens: the secret is returned once, on the object made (`token.secret`), never stored.

API_TOKEN_START = "gvapi_"
API_TOKEN_FIELDS = ("kind", "name", "prefix", "user", "scopes", "expires_at")
# last_used_at is written at most once in this interval: not one write per API call.
API_TOKEN_USE_RESOLUTION = dt.timedelta(minutes=1)


def _check_api_token(*, user: User, name: str, scopes: list[str], expires_at, now) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Name the token after what will use it.")
    if not scopes:
        errors["scopes"] = _("Choose at least one scope.")
    elif set(scopes) - SCOPES:
        errors["scopes"] = _("Unknown scope: %(scopes)s.") % {
            "scopes": ", ".join(sorted(set(scopes) - SCOPES))
        }
    if expires_at is None or expires_at <= now:
        errors["expires_at"] = _("The expiry must be in the future.")
    elif expires_at > now + dt.timedelta(days=API_TOKEN_MAX_DAYS):
        errors["expires_at"] = _("A token lasts at most %(days)d days.") % {
            "days": API_TOKEN_MAX_DAYS
        }
    if not user.is_active:
        errors["user"] = _("A deactivated account cannot have a token.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def api_token_create(
    *,
    actor: Actor,
    user: User,
    kind: str,
    name: str,
    scopes: Iterable[str],
    expires_at: dt.datetime,
    now: dt.datetime | None = None,
) -> ApiToken:
    """A new token acting as `user`; the returned object carries the secret in `secret`."""
    now = now or timezone.now()
    scopes = sorted(set(scopes))
    _check_api_token(user=user, name=name, scopes=scopes, expires_at=expires_at, now=now)
    secret, stored = new_secret(API_TOKEN_START)
    token = ApiToken.objects.create(
        kind=kind,
        name=name.strip(),
        **stored,
        user=user,
        scopes=scopes,
        expires_at=expires_at,
        created_by=actor_user(actor),
    )
    record_create(actor=actor, obj=token, fields=API_TOKEN_FIELDS)
    token.secret = secret  # type: ignore[attr-defined]
    return token


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken, now: dt.datetime | None = None) -> ApiToken:
    """Refuse the token from now on; it stays, for the history."""
    return token_revoke(actor=actor, token=token, now=now)


def api_token_used(*, token: ApiToken, now: dt.datetime) -> None:
    """Note the token's use: one conditional UPDATE, which writes at most once a minute. Not
    history: the last use is a fact about the token, not a change anybody made."""
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - API_TOKEN_USE_RESOLUTION)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)


@transaction.atomic
def encrypted_fields_reencrypt(*, actor: Actor = None) -> dict[str, int]:
    """Encrypt every registered encrypted field again under FIELD_ENCRYPTION_KEY (sign-in
    providers' client secrets, webhook endpoints' signing secrets…), each row with its history
    row. Returns how many rows changed, by field; one unreadable value writes nothing."""
    changed: dict[str, int] = {}
    for spec in encryption.encrypted_fields:
        model = apps.get_model(spec.model)
        rows = list(model.objects.select_for_update().exclude(**{spec.field: ""}).order_by("pk"))
        stale = []
        for row in rows:
            value = getattr(row, spec.field)
            try:
                rotated = encryption.rotate(value)
            except ValueError as exc:
                raise ValueError(f"{spec.label} of {row}: {exc}") from None
            if rotated != value:
                setattr(row, spec.field, rotated)
                stale.append(row)
        model.objects.bulk_update(stale, [spec.field], batch_size=500)
        history_bulk_record(
            actor=actor,
            objects=stale,
            action=ChangeAction.UPDATE,
            changes={},
            message=gettext_noop("Secret encrypted again under the current key"),
        )
        changed[spec.label] = len(stale)
    return changed
