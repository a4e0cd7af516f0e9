"""Writes of SCIM provisioning: tokens (created, revoked), users and groups as the identity
provider sends them, and the record of each call. The actor of a provider's writes is
`Agent("SCIM: <token name>")`; every write records its history in its transaction.

A SCIM user is a Gouvernail user and its person, matched by e-mail address or created; `active`
false (or a DELETE) starts the person's off-boarding once, with today as the last day; `active`
true reactivates the same account, only if the provider had deactivated it. A group's members get
the roles and team its group mappings give (accounts.sso.services.identity_groups_apply)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from scim2_models import Context, InvalidValueException, UniquenessException

from accounts.actor import Actor, Agent, actor_user
from accounts.choices import ChangeAction, PersonStatus
from accounts.history import history_record, record_create, save_with_history
from accounts.models import Person, User
from accounts.services import person_update, user_update
from accounts.sso.rules import admits
from accounts.sso.services import identity_groups_apply, identity_person_for, identity_user_for
from accounts.tokens import new_secret, token_revoke
from governance.offboarding.models import Offboarding
from governance.offboarding.services import offboarding_start
from governance.provisioning import resources
from governance.provisioning.models import ScimCall, ScimGroup, ScimToken, ScimUser
from governance.provisioning.rules import naming_scope, visible_to

TOKEN_START = "gvscim_"
TOKEN_FIELDS = ("name", "provider")
USER_FIELDS = ("user", "user_name", "external_id", "attributes", "deleted_at")
GROUP_FIELDS = ("display_name", "external_id")
# Said in the person's history and the call's record when a person who has an off-boarding
# already (they were rehired) is deactivated again: there is one off-boarding per person.
AGAIN = gettext_noop(
    "Deactivated again by the identity provider: no new off-boarding starts (a person has one); "
    "a lead must revoke by hand what they were granted since."
)
# The attributes of a SCIM user kept as the provider wrote them (userName and active have fields).
KEPT = ("name", "displayName", "title", "emails")


def scim_agent(token: ScimToken) -> Agent:
    return Agent(token.agent_label)


@transaction.atomic
def scim_token_create(*, actor: Actor, name: str, provider=None) -> ScimToken:
    """A new token; the returned object carries the secret in `secret`, to be shown once."""
    secret, stored = new_secret(TOKEN_START)
    token = ScimToken(
        name=name.strip(),
        **stored,
        provider=provider,
        created_by=actor_user(actor),
    )
    token.full_clean()
    token.save()
    record_create(actor=actor, obj=token, fields=("name", "prefix", *TOKEN_FIELDS[1:]))
    token.secret = secret  # type: ignore[attr-defined]
    return token


@transaction.atomic
def scim_token_update(*, actor: Actor, token: ScimToken, name: str, provider=None) -> ScimToken:
    """Rename a token or change its provider; its secret stays."""
    token = ScimToken.objects.select_for_update().get(pk=token.pk)
    data = {"name": name.strip(), "provider": provider}
    return save_with_history(actor=actor, instance=token, fields=TOKEN_FIELDS, data=data)


@transaction.atomic
def scim_token_revoke(
    *, actor: Actor, token: ScimToken, now: dt.datetime | None = None
) -> ScimToken:
    """Refuse the token from now on; it stays, with its calls, for the history."""
    return token_revoke(actor=actor, token=token, now=now)


@transaction.atomic
def scim_call_record(
    *,
    token: ScimToken,
    now: dt.datetime,
    method: str,
    path: str,
    status: int,
    resource_id: str = "",
    outcome: str = "",
) -> ScimCall:
    """Record one call made with `token` and mark the token used. The call log is itself the
    record (no history row per call); it holds neither the token nor the request's body."""
    ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return ScimCall.objects.create(
        token=token,
        at=now,
        method=method[:10],
        path=path[:300],
        resource_id=resource_id[:64],
        status=status,
        outcome=outcome[:200],
    )


# Users.


def _email_of(resource: resources.User) -> str:
    emails = [e for e in resource.emails or [] if e.value]
    chosen = next((e for e in emails if e.primary), emails[0] if emails else None)
    email = chosen.value if chosen is not None else resource.user_name or ""
    if "@" not in (email or ""):
        raise InvalidValueException(
            detail=_("A user needs an e-mail address (emails or userName).")
        )
    return str(email).strip().lower()


def _kept(resource: resources.User) -> dict[str, Any]:
    dumped = resource.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    return {key: dumped[key] for key in KEPT if key in dumped}


def _names(resource: resources.User) -> tuple[str, str, str]:
    name = resource.name or resources.Name()
    first, last = (name.given_name or "").strip(), (name.family_name or "").strip()
    full = (resource.display_name or name.formatted or f"{first} {last}").strip()
    return first[:100], last[:100], full[:200]


def _check_user_name(user_name: str, token: ScimToken, scim_user: ScimUser | None = None) -> None:
    users = ScimUser.objects.filter(user_name__iexact=user_name, deleted_at__isnull=True)
    live = naming_scope(users, token)
    if scim_user is not None:
        live = live.exclude(pk=scim_user.pk)
    if live.exists():
        raise UniquenessException(detail=_("Another user has this userName."))


def _admitted(token: ScimToken, email: str) -> None:
    """A token linked to a provider writes only the addresses it admits (a partner's: its own)."""
    if token.provider is not None and not admits(token.provider, email):
        raise InvalidValueException(detail=_("This provider may not provision this address."))


def _change_email(
    *, actor: Actor, token: ScimToken, user: User, person: Person | None, email: str
) -> None:
    if email == user.email:
        return
    _admitted(token, email)
    taken_user = User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
    people = Person.objects.filter(email__iexact=email)
    if person is not None:
        people = people.exclude(pk=person.pk)
    taken_person = people.exists()
    if taken_user or taken_person:
        raise UniquenessException(detail=_("Another user has this e-mail address."))
    user_update(actor=actor, user=user, email=email)
    if person is not None:
        person_update(actor=actor, person=person, email=email)


def _apply_person(
    *, actor: Actor, token: ScimToken, user: User, person: Person | None, resource: resources.User
) -> None:
    """Name, display name, title and e-mail of the account and its person, as the provider
    says; what it leaves out stays as it is."""
    first, last, full = _names(resource)
    _change_email(actor=actor, token=token, user=user, person=person, email=_email_of(resource))
    if full and full != user.full_name:
        user_update(actor=actor, user=user, full_name=full)
    if person is None:
        return
    data = {"first_name": first, "last_name": last, "job_title": (resource.title or "")[:160]}
    data = {k: v for k, v in data.items() if v and v != getattr(person, k)}
    if resource.title is None and person.job_title:
        data["job_title"] = ""
    if data:
        person_update(actor=actor, person=person, **data)


def _deactivate(
    *, actor: Actor, user: User, person: Person | None, fresh: bool, now: dt.datetime
) -> str:
    """Start the person's off-boarding, once: a person who has one (or has left) keeps it. A
    person back at work who has one already (rehired) leaves again without a second: that is
    said in their history and returned, for the call's record, when the deactivation is new."""
    notice = ""
    if person is not None and person.status != PersonStatus.LEFT:
        existing = Offboarding.objects.filter(person=person).first()
        if existing is None:
            offboarding_start(
                actor=actor,
                person=person,
                last_day=timezone.localdate(now),
                reason=_("Deactivated by the identity provider ({actor}).").format(actor=actor),
                now=now,
            )
        elif fresh and person.status == PersonStatus.ACTIVE:
            history_record(actor=actor, obj=person, action=ChangeAction.UPDATE, message=AGAIN)
            notice = AGAIN
    user.refresh_from_db(fields=["is_active"])
    if user.is_active:
        user_update(actor=actor, user=user, is_active=False)
    return notice


def _reactivate(*, actor: Actor, user: User, person: Person | None) -> None:
    """The same account again: active, and its person back to active. An off-boarding stays as
    it is: its tasks (revocations, rotations, hand-overs) stand until someone completes them, and
    access comes back only by being granted again."""
    if not user.is_active:
        user_update(actor=actor, user=user, is_active=True)
    if person is not None and person.status != PersonStatus.ACTIVE:
        person_update(actor=actor, person=person, status=PersonStatus.ACTIVE, end_date=None)


def _apply_active(
    *, actor: Actor, scim_user: ScimUser, active: bool | None, was_off: bool, now: dt.datetime
) -> ScimUser:
    """`active` false deactivates; `active` true reactivates only a user this provider had set
    inactive (`was_off`, what it had said before this write): Okta and Entra send `active: true`
    with every profile, and it must not bring back someone off-boarded by other means."""
    user = scim_user.user
    person = Person.objects.filter(user=user).first()
    notice = ""
    if active is False:
        notice = _deactivate(actor=actor, user=user, person=person, fresh=not was_off, now=now)
    elif active is True and was_off:
        _reactivate(actor=actor, user=user, person=person)
    scim_user.notice = notice  # type: ignore[attr-defined]
    return scim_user


def _was_off(scim_user: ScimUser | None) -> bool:
    """Whether the provider had set this user inactive (or deleted it) before this write."""
    return scim_user is not None and scim_user.attributes.get("active") is False


def _save_scim_user(
    *, actor: Actor, scim_user: ScimUser, resource: resources.User, now: dt.datetime
) -> ScimUser:
    attributes = _kept(resource)
    if resource.active is not None:
        attributes["active"] = resource.active  # shown while the provider sets it
    data = {
        "user": scim_user.user,
        "user_name": str(resource.user_name or "").strip(),
        "external_id": (resource.external_id or "").strip(),
        "attributes": attributes,
        "deleted_at": None,
    }
    scim_user.updated_at = now
    return save_with_history(actor=actor, instance=scim_user, fields=USER_FIELDS, data=data)


@transaction.atomic
def scim_user_create(
    *, token: ScimToken, resource: resources.User, now: dt.datetime | None = None
) -> ScimUser:
    """Provision a user: the person with this e-mail address (or a new one) and their account
    (or a new one, without a password). A user the provider deleted before comes back as the same
    SCIM user; a user already provisioned answers 409."""
    now = now or timezone.now()
    actor = scim_agent(token)
    user_name = str(resource.user_name or "").strip()
    _check_user_name(user_name, token)
    email = _email_of(resource)
    _admitted(token, email)
    first, last, full = _names(resource)
    person = identity_person_for(
        actor=actor, email=email, first_name=first, last_name=last, provider=token.provider
    )
    user = identity_user_for(actor=actor, person=person, full_name=full)
    scim_user = ScimUser.objects.select_for_update().filter(user=user).first()
    if scim_user is not None and scim_user.deleted_at is None:
        raise UniquenessException(detail=_("This person is provisioned already."))
    was_off = _was_off(scim_user)
    scim_user = scim_user or ScimUser(user=user, token=token, created_at=now)
    _apply_person(actor=actor, token=token, user=user, person=person, resource=resource)
    scim_user = _save_scim_user(actor=actor, scim_user=scim_user, resource=resource, now=now)
    active = resource.active
    return _apply_active(actor=actor, scim_user=scim_user, active=active, was_off=was_off, now=now)


@transaction.atomic
def scim_user_replace(
    *,
    token: ScimToken,
    scim_user: ScimUser,
    resource: resources.User,
    now: dt.datetime | None = None,
) -> ScimUser:
    """Replace what the provider says of a user (PUT, or the result of a PATCH)."""
    now = now or timezone.now()
    actor = scim_agent(token)
    scim_user = ScimUser.objects.select_for_update().select_related("user").get(pk=scim_user.pk)
    _check_user_name(str(resource.user_name or "").strip(), token, scim_user)
    person = Person.objects.filter(user=scim_user.user).first()
    was_off = _was_off(scim_user)
    user = scim_user.user
    _apply_person(actor=actor, token=token, user=user, person=person, resource=resource)
    scim_user = _save_scim_user(actor=actor, scim_user=scim_user, resource=resource, now=now)
    active = resource.active
    return _apply_active(actor=actor, scim_user=scim_user, active=active, was_off=was_off, now=now)


@transaction.atomic
def scim_user_delete(
    *, token: ScimToken, scim_user: ScimUser, now: dt.datetime | None = None
) -> ScimUser:
    """The provider deleted the user: it leaves its groups and SCIM no longer serves it, the
    person's off-boarding starts (once) and the account is deactivated. Nothing is deleted."""
    now = now or timezone.now()
    actor = scim_agent(token)
    scim_user = ScimUser.objects.select_for_update().select_related("user").get(pk=scim_user.pk)
    for group in ScimGroup.objects.filter(members=scim_user, deleted_at__isnull=True):
        _set_members(
            actor=actor, group=group, wanted=[m for m in _members(group) if m != scim_user]
        )
    was_off = _was_off(scim_user)
    _apply_active(actor=actor, scim_user=scim_user, active=False, was_off=was_off, now=now)
    if scim_user.deleted_at is None:
        # Deleted is inactive as the provider said it: sent again, the user comes back active.
        scim_user.deleted_at, scim_user.attributes["active"] = now, False
        scim_user.save(update_fields=["deleted_at", "attributes"])
        history_record(
            actor=actor,
            obj=scim_user,
            action=ChangeAction.DELETE,
            changes={"deleted": [False, True]},
            message=gettext_noop("Deleted by the identity provider"),
        )
    _apply_groups(token=token, users=[scim_user])
    return scim_user


# Groups.


def _members(group: ScimGroup) -> list[ScimUser]:
    return list(group.members.order_by("pk"))


def _wanted_members(resource: resources.Group, token: ScimToken) -> list[ScimUser]:
    """The users the group names, among those `token` may see: another's are unknown here."""
    ids = [str(m.value) for m in resource.members or [] if m.value]
    users = visible_to(ScimUser.objects.filter(scim_id__in=_uuids(ids)), token)
    found = {str(u.scim_id): u for u in users}
    missing = [i for i in ids if i not in found or found[i].deleted_at is not None]
    if missing:
        raise InvalidValueException(
            detail=_("Unknown members (only users may be members): %(ids)s")
            % {"ids": ", ".join(missing[:5])}
        )
    return list({u.pk: u for u in found.values()}.values())


def _uuids(values: list[str]) -> list[str]:
    valid = []
    for value in values:
        try:
            valid.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return valid


def _set_members(*, actor: Actor, group: ScimGroup, wanted: list[ScimUser]) -> set[ScimUser]:
    """Hold the group's members to `wanted`; returns the users who joined or left."""
    held = set(_members(group))
    target = set(wanted)
    if held == target:
        return set()
    group.members.set(target)
    history_record(
        actor=actor,
        obj=group,
        action=ChangeAction.UPDATE,
        changes={"members": [sorted(map(str, held)), sorted(map(str, target))]},
    )
    return held ^ target


def _apply_groups(*, token: ScimToken, users) -> None:
    """Hold each user's roles and team to the groups they are in now."""
    actor = scim_agent(token)
    for scim_user in users:
        names: set[str] = set()
        for group in scim_user.scim_groups.filter(deleted_at__isnull=True):
            names |= group.names
        identity_groups_apply(
            actor=actor, user=scim_user.user, groups=sorted(names), provider=token.provider
        )


def _check_display_name(display_name: str, token: ScimToken, group: ScimGroup | None) -> None:
    groups = ScimGroup.objects.filter(display_name__iexact=display_name, deleted_at__isnull=True)
    live = naming_scope(groups, token)
    if group is not None:
        live = live.exclude(pk=group.pk)
    if live.exists():
        raise UniquenessException(detail=_("Another group has this displayName."))


def _save_group(
    *, token: ScimToken, group: ScimGroup, resource: resources.Group, now: dt.datetime
) -> tuple[ScimGroup, set[ScimUser]]:
    actor = scim_agent(token)
    display_name = str(resource.display_name or "").strip()
    _check_display_name(display_name, token, group if group.pk else None)
    wanted = _wanted_members(resource, token)
    names_before = group.names if group.pk else set()
    data = {"display_name": display_name, "external_id": (resource.external_id or "").strip()}
    group.updated_at = now
    save_with_history(actor=actor, instance=group, fields=GROUP_FIELDS, data=data)
    moved = _set_members(actor=actor, group=group, wanted=wanted)
    if group.names != names_before:  # renamed: every member's mappings may change
        moved |= set(wanted)
    return group, moved


@transaction.atomic
def scim_group_create(
    *, token: ScimToken, resource: resources.Group, now: dt.datetime | None = None
) -> ScimGroup:
    """A group of the provider, with its members; they get the roles and team it maps to."""
    now = now or timezone.now()
    group = ScimGroup(token=token, created_at=now)
    group, moved = _save_group(token=token, group=group, resource=resource, now=now)
    _apply_groups(token=token, users=moved)
    return group


@transaction.atomic
def scim_group_replace(
    *,
    token: ScimToken,
    group: ScimGroup,
    resource: resources.Group,
    now: dt.datetime | None = None,
) -> ScimGroup:
    """Replace a group's name and members (PUT, or the result of a PATCH); those who joined or
    left get their roles and team again."""
    now = now or timezone.now()
    group = ScimGroup.objects.select_for_update().get(pk=group.pk)
    group, moved = _save_group(token=token, group=group, resource=resource, now=now)
    _apply_groups(token=token, users=moved)
    return group


@transaction.atomic
def scim_group_delete(
    *, token: ScimToken, group: ScimGroup, now: dt.datetime | None = None
) -> ScimGroup:
    """The provider deleted the group: it is kept, unserved, and its members lose what it gave."""
    now = now or timezone.now()
    actor = scim_agent(token)
    group = ScimGroup.objects.select_for_update().get(pk=group.pk)
    members = _members(group)
    if group.deleted_at is None:
        group.deleted_at = now
        group.save(update_fields=["deleted_at"])
        history_record(
            actor=actor,
            obj=group,
            action=ChangeAction.DELETE,
            changes={"deleted": [False, True]},
            message=gettext_noop("Deleted by the identity provider"),
        )
    _apply_groups(token=token, users=members)
    return group
