"""Writing, publishing and acknowledging policies; the crisis contact roster."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction, PersonStatus
from accounts.history import history_record, record_create, save_with_history
from accounts.models import Person, User
from governance.choices import PolicyAudience, PolicyKind, VersionStatus
from governance.models import Acknowledgement, CrisisContact, Policy, PolicyVersion
from governance.policies.audience import addresses
from governance.policies.rules import may_manage_policies, may_publish
from webhooks.services import webhook_event

POLICY_FIELDS = (
    "title",
    "kind",
    "owner",
    "audience",
    "teams",
    "acknowledgement_required",
    "gates_access",
)
VERSION_FIELDS = ("body", "summary", "effective_on")
CONTACT_FIELDS = (
    "channel",
    "team",
    "position",
    "person",
    "name",
    "responsibility",
    "phone",
    "availability",
)


def _check_settings(data: dict[str, Any]) -> None:
    if data.get("gates_access") and not data.get("acknowledgement_required"):
        raise ValidationError(
            {"gates_access": _("Only a policy that must be acknowledged can gate new access.")}
        )
    teams = data.get("teams")
    if data.get("audience") == PolicyAudience.TEAMS and not teams:
        raise ValidationError({"teams": _("Choose the teams this policy addresses.")})
    if data.get("audience") != PolicyAudience.TEAMS and teams:
        raise ValidationError({"teams": _("Teams are chosen only for an audience of teams.")})


def _save_policy(*, actor: Actor, policy: Policy, data: dict[str, Any]) -> Policy:
    data = {"teams": [], **data}
    _check_settings(data)
    teams = list(data.pop("teams"))
    fields = tuple(f for f in POLICY_FIELDS if f != "teams")
    before = sorted(str(team) for team in policy.teams.all()) if policy.pk else []
    policy = save_with_history(actor=actor, instance=policy, fields=fields, data=data)
    policy.teams.set(teams)
    after = sorted(str(team) for team in teams)
    if after != before:
        history_record(
            actor=actor, obj=policy, action=ChangeAction.UPDATE, changes={"teams": [before, after]}
        )
    return policy


@transaction.atomic
def policy_create(
    *,
    actor: Actor,
    title: str,
    kind: str,
    body: str,
    owner: Person | None = None,
    audience: str = PolicyAudience.HOLDERS,
    teams=(),
    acknowledgement_required: bool = True,
    gates_access: bool = False,
    effective_on: dt.date | None = None,
) -> Policy:
    """A new policy and its first draft, which a lead then publishes."""
    policy = _save_policy(
        actor=actor,
        policy=Policy(),
        data={
            "title": title,
            "kind": kind,
            "owner": owner,
            "audience": audience,
            "teams": teams,
            "acknowledgement_required": acknowledgement_required,
            "gates_access": gates_access,
        },
    )
    _draft(actor=actor, policy=policy, body=body, summary="", effective_on=effective_on)
    return policy


@transaction.atomic
def policy_update(*, actor: Actor, policy: Policy, **data: Any) -> Policy:
    """Change a policy's title, owner, audience or acknowledgement settings."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    data.setdefault("audience", policy.audience)
    data.setdefault("acknowledgement_required", policy.acknowledgement_required)
    data.setdefault("gates_access", policy.gates_access)
    if "teams" not in data:
        data["teams"] = list(policy.teams.all())
    return _save_policy(actor=actor, policy=policy, data=data)


@transaction.atomic
def policy_archive(*, actor: Actor, policy: Policy) -> Policy:
    """Withdraw a policy: it stays with its versions and acknowledgements, nobody is asked."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    if policy.archived_at is not None:
        raise ValidationError(_("This policy is already archived."))
    gated = policy.gates_access
    policy.archived_at = timezone.now()
    policy.gates_access = False
    policy.save(update_fields=["archived_at", "gates_access", "updated_at"])
    history_record(
        actor=actor,
        obj=policy,
        action=ChangeAction.UPDATE,
        changes={
            "archived_at": [None, policy.archived_at.isoformat()],
            "gates_access": [gated, False],
        },
    )
    return policy


def _text(value: str | None) -> str:
    """One line ending whatever the browser sent, so that comparisons see only real changes."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


def _draft(*, actor: Actor, policy: Policy, body: str, summary: str, effective_on) -> PolicyVersion:
    if policy.archived_at is not None:
        raise ValidationError(_("An archived policy gets no new version."))
    if not (body or "").strip():
        raise ValidationError({"body": _("Write the text of the policy.")})
    if policy.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(
            _("This policy already has a draft: edit it or publish it before starting another.")
        )
    number = (policy.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = PolicyVersion(
        policy=policy,
        number=number,
        body=_text(body),
        summary=_text(summary).strip(),
        effective_on=effective_on or timezone.localdate(),
        drafted_by=actor_user(actor),
    )
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        raise ValidationError(
            _("Someone started a draft of this policy at the same time.")
        ) from None
    record_create(actor=actor, obj=version, fields=("number", "summary", "effective_on"))
    return version


@transaction.atomic
def policy_version_draft(
    *,
    actor: Actor,
    policy: Policy,
    body: str,
    summary: str = "",
    effective_on: dt.date | None = None,
) -> PolicyVersion:
    """Start the next version of a policy as a draft."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    return _draft(actor=actor, policy=policy, body=body, summary=summary, effective_on=effective_on)


def _locked_draft(version: PolicyVersion) -> PolicyVersion:
    version = PolicyVersion.objects.select_for_update().select_related("policy").get(pk=version.pk)
    if version.is_published:
        raise ValidationError(
            _("Version %(number)s is published: it cannot change. Start a new version instead.")
            % {"number": version.number}
        )
    return version


@transaction.atomic
def policy_version_update(*, actor: Actor, version: PolicyVersion, **data: Any) -> PolicyVersion:
    """Edit a draft; a published version never changes."""
    version = _locked_draft(version)
    data = {
        name: _text(value) if name in ("body", "summary") else value for name, value in data.items()
    }
    if "body" in data and not data["body"].strip():
        raise ValidationError({"body": _("Write the text of the policy.")})
    return save_with_history(actor=actor, instance=version, fields=VERSION_FIELDS, data=data)


@transaction.atomic
def policy_version_publish(
    *, actor: Actor, version: PolicyVersion, now: dt.datetime | None = None
) -> PolicyVersion:
    """A lead approves and publishes a draft: it becomes current and the audience must accept it.

    The next hourly sweep tells the audience at once (the policy reminder's first notice is
    urgent), then follows the reminder ladder."""
    if not may_publish(actor):
        raise PermissionDenied(_("Only a governance lead approves and publishes a version."))
    version = _locked_draft(version)
    policy = Policy.objects.select_for_update().get(pk=version.policy_id)
    if policy.archived_at is not None:
        raise ValidationError(_("An archived policy cannot publish a version."))
    if version.effective_on > timezone.localdate(now):
        raise ValidationError(
            {
                "effective_on": _(
                    "This version takes effect on %(date)s: publish it on that day, when it "
                    "replaces the current one."
                )
                % {"date": version.effective_on.isoformat()}
            }
        )
    if policy.current_version_id and not version.summary.strip():
        raise ValidationError(
            {"summary": _("Say what changed since the last version before publishing it.")}
        )
    version.status = VersionStatus.PUBLISHED
    version.published_by = actor_user(actor)
    version.published_at = now or timezone.now()
    version.save()
    previous = policy.current_version
    policy.current_version = version
    policy.save(update_fields=["current_version", "updated_at"])
    history_record(
        actor=actor,
        obj=version,
        action=ChangeAction.UPDATE,
        changes={"status": [VersionStatus.DRAFT, VersionStatus.PUBLISHED]},
    )
    history_record(
        actor=actor,
        obj=policy,
        action=ChangeAction.UPDATE,
        changes={"current_version": [str(previous) if previous else None, str(version)]},
    )
    webhook_event(
        event_type="policy_version.published",
        data={
            "policy_id": policy.pk,
            "policy": policy.title,
            "version_id": version.pk,
            "version": str(version),
            "effective_on": version.effective_on,
            "published_at": version.published_at,
        },
        now=version.published_at,
    )
    return version


@transaction.atomic
def policy_acknowledge(
    *, actor: User, policy: Policy, now: dt.datetime | None = None
) -> Acknowledgement:
    """The actor states they read and accept the current version of the policy."""
    person = Person.objects.filter(user=actor).exclude(status=PersonStatus.LEFT).first()
    if person is None:
        raise ValidationError(_("This policy does not address you."))
    return _acknowledge(actor=actor, policy=policy, person=person, now=now)


def _acknowledge(*, actor: Actor, policy, person, now=None, evidence: str = "") -> Acknowledgement:
    policy = Policy.objects.select_related("current_version").get(pk=policy.pk)
    version = policy.current_version
    if version is None or policy.archived_at is not None:
        raise ValidationError(_("This policy has no version in force to accept."))
    if not addresses(policy, person):
        raise ValidationError(_("This policy does not address you."))
    acknowledgement = Acknowledgement(
        person=person,
        version=version,
        acknowledged_at=now or timezone.now(),
        recorded_by=actor_user(actor) if evidence else None,
        evidence=evidence,
    )
    try:
        with transaction.atomic():
            acknowledgement.save()
    except IntegrityError:
        raise ValidationError(
            _("Version %(number)s is already accepted.") % {"number": version.number}
        ) from None
    record_create(
        actor=actor, obj=acknowledgement, fields=("person", "version", "evidence"), message=evidence
    )
    return acknowledgement


@transaction.atomic
def policy_acknowledge_for(
    *, actor: Actor, policy: Policy, person: Person, evidence: str
) -> Acknowledgement:
    """A lead records that someone without a login accepted the policy, and how it was done."""
    if not may_manage_policies(actor):
        raise PermissionDenied(_("Only a lead or an admin records an acceptance for someone."))
    if person.user is not None and person.user.is_active:
        raise ValidationError(_("This person logs in: they accept the policy themselves."))
    if not (evidence or "").strip():
        raise ValidationError(
            {"evidence": _("Say how the acceptance was given: a signed copy, an e-mail…")}
        )
    return _acknowledge(actor=actor, policy=policy, person=person, evidence=evidence.strip()[:300])


def _check_contact(policy: Policy, data: dict[str, Any]) -> None:
    if policy.kind != PolicyKind.CRISIS_PLAN:
        raise ValidationError(_("Only a crisis management plan carries a contact roster."))
    if data.get("channel") and data.get("team"):
        raise ValidationError(
            {"team": _("A contact covers one channel, one team, or everything: not both.")}
        )
    if not data.get("person") and not (data.get("name") or "").strip():
        raise ValidationError(
            {"name": _("Choose a person of the directory or write the contact's name.")}
        )
    if not (data.get("phone") or "").strip():
        raise ValidationError({"phone": _("A crisis contact needs a phone number.")})


@transaction.atomic
def crisis_contact_add(*, actor: Actor, policy: Policy, **data: Any) -> CrisisContact:
    """Put someone on the crisis plan's call list."""
    _check_contact(policy, data)
    return save_with_history(
        actor=actor, instance=CrisisContact(policy=policy), fields=CONTACT_FIELDS, data=data
    )


@transaction.atomic
def crisis_contact_update(*, actor: Actor, contact: CrisisContact, **data: Any) -> CrisisContact:
    contact = CrisisContact.objects.select_for_update().select_related("policy").get(pk=contact.pk)
    if not contact.active:
        raise ValidationError(_("This contact is no longer on the roster."))
    _check_contact(contact.policy, {**{f: getattr(contact, f) for f in CONTACT_FIELDS}, **data})
    return save_with_history(actor=actor, instance=contact, fields=CONTACT_FIELDS, data=data)


@transaction.atomic
def crisis_contact_retire(*, actor: Actor, contact: CrisisContact) -> CrisisContact:
    """Take a contact off the roster; the row stays for the record."""
    contact = CrisisContact.objects.select_for_update().get(pk=contact.pk)
    if not contact.active:
        raise ValidationError(_("This contact is no longer on the roster."))
    contact.active = False
    contact.save(update_fields=["active", "updated_at"])
    history_record(
        actor=actor, obj=contact, action=ChangeAction.UPDATE, changes={"active": [True, False]}
    )
    return contact
