"""Writes of the access register: grants created, changed and revoked, and access requests
(asked by a person, decided by an owner or a lead, never by oneself)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction
from accounts.history import history_record, record_create
from accounts.models import Person
from channels_registry.models import Channel, PlatformRole
from governance import events
from governance.access.models import validate_grant
from governance.choices import AccessMethod, GrantStatus, RequestStatus, RevocationReason
from governance.models import AccessGrant, AccessRequest
from governance.policies.audience import policies_blocking_access
from governance.rules import may_decide_request

GRANT_FIELDS = (
    "channel",
    "person",
    "role",
    "access_method",
    "justification",
    "expires_on",
    "status",
)


class AcknowledgementMissing(ValidationError):
    """New access waits until the person accepted the policies that gate it."""

    def __init__(self, person: Person, policies: list):
        self.policies = policies
        super().__init__({"person": [_policy_to_accept(person, policy) for policy in policies]})


def _policy_to_accept(person: Person, policy) -> str:
    """What the person must first accept, the policy a link to its page (the API's problem
    documents keep the words, without the markup)."""
    link = format_html(
        '<a href="{}">“{}” ({})</a>',
        reverse("policies:detail", args=[policy.pk]),
        policy.title,
        _("version %(number)s") % {"number": policy.current_version.number},
    )
    return format_html(
        _("{person} must first read and accept {policy}."), person=person.full_name, policy=link
    )


def _create(
    *,
    actor: Actor,
    channel,
    person,
    role,
    access_method,
    justification,
    expires_on,
    replaces=None,
    new_access=False,
) -> AccessGrant:
    # The locked row: the person may have started leaving since the caller read them.
    person = (
        Person.objects.select_for_update(of=("self",)).select_related("partner").get(pk=person.pk)
    )
    validate_grant(channel=channel, person=person, role=role, expires_on=expires_on)
    if new_access and (blocking := policies_blocking_access(person)):
        raise AcknowledgementMissing(person, blocking)
    if not (justification or "").strip():
        raise ValidationError({"justification": _("Say why this access is needed.")})
    if (
        AccessGrant.objects.holding()
        .filter(channel=channel, person=person)
        .exclude(pk=getattr(replaces, "pk", None))
        .exists()
    ):
        raise ValidationError(
            {
                "person": _(
                    "%(person)s already holds access to this channel: change the role instead."
                )
                % {"person": person.full_name}
            }
        )
    grant = AccessGrant(
        channel=channel,
        person=person,
        role=role,
        access_method=access_method,
        justification=justification.strip(),
        expires_on=expires_on,
        granted_by=actor_user(actor),
        replaces=replaces,
    )
    try:
        with transaction.atomic():
            grant.save()
    except IntegrityError:
        raise ValidationError(
            {"person": _("This person already holds access to this channel.")}
        ) from None
    record_create(actor=actor, obj=grant, fields=GRANT_FIELDS)
    if replaces is None:
        events.grant_event("grant.created", grant, actor=actor)
    else:
        events.grant_event("grant.changed", grant, actor=actor, replaces_grant_id=replaces.pk)
    return grant


@transaction.atomic
def grant_create(
    *,
    actor: Actor,
    channel: Channel,
    person: Person,
    role: PlatformRole,
    justification: str,
    access_method: str = AccessMethod.PERSONAL,
    expires_on: dt.date | None = None,
) -> AccessGrant:
    """Give a person a platform role on a channel."""
    return _create(
        actor=actor,
        channel=channel,
        person=person,
        role=role,
        access_method=access_method,
        justification=justification,
        expires_on=expires_on,
        new_access=True,
    )


def _end(
    grant: AccessGrant, *, actor: Actor, reason: str, confirmed: bool, evidence: str = ""
) -> None:
    now = timezone.now()
    previous = grant.status
    grant.status = GrantStatus.REVOKED if confirmed else GrantStatus.REVOCATION_PENDING
    grant.revoked_at = grant.revoked_at or now
    grant.revoked_by = grant.revoked_by or (actor_user(actor))
    grant.revocation_reason = grant.revocation_reason or reason
    if confirmed:
        grant.revocation_confirmed_at = now
        grant.revocation_evidence = evidence
    grant.save()
    history_record(
        actor=actor,
        obj=grant,
        action=ChangeAction.UPDATE,
        changes={
            "status": [previous, grant.status],
            "revocation_reason": [None, grant.revocation_reason],
        },
        message=evidence[:255],
    )
    # A role change is told as grant.changed, by the new grant; a confirmation of a revocation
    # already told is not told again.
    if previous == GrantStatus.ACTIVE and reason != RevocationReason.ROLE_CHANGE:
        events.grant_event("grant.revoked", grant, actor=actor, reason=grant.revocation_reason)


def _locked(grant: AccessGrant) -> AccessGrant:
    return (
        AccessGrant.objects.select_for_update(of=("self",))
        .select_related("channel", "person", "role")
        .get(pk=grant.pk)
    )


@transaction.atomic
def grant_revoke(
    *, actor: Actor, grant: AccessGrant, reason: str = RevocationReason.MANUAL
) -> AccessGrant:
    """Ask for the access to be removed on the platform; it stays held until confirmed."""
    grant = _locked(grant)
    if grant.status != GrantStatus.ACTIVE:
        raise ValidationError(_("This access is not active any more."))
    _end(grant, actor=actor, reason=reason, confirmed=False)
    return grant


@transaction.atomic
def grant_confirm_revocation(
    *, actor: Actor, grant: AccessGrant, evidence: str, reason: str = RevocationReason.MANUAL
) -> AccessGrant:
    """Record that the access was removed on the platform, with the evidence."""
    grant = _locked(grant)
    if grant.status == GrantStatus.REVOKED:
        raise ValidationError(_("This revocation was already confirmed."))
    if not evidence.strip():
        raise ValidationError({"evidence": _("Say how the removal was checked on the platform.")})
    _end(grant, actor=actor, reason=reason, confirmed=True, evidence=evidence.strip())
    return grant


@transaction.atomic
def grant_change_role(
    *, actor: Actor, grant: AccessGrant, role: PlatformRole, justification: str
) -> AccessGrant:
    """Revoke the old grant and create the new one, so the register reads as a history."""
    grant = _locked(grant)
    if grant.status != GrantStatus.ACTIVE:
        raise ValidationError(_("Only active access can change role."))
    if role.pk == grant.role_id:
        raise ValidationError({"role": _("This is already the person's role.")})
    _end(
        grant,
        actor=actor,
        reason=RevocationReason.ROLE_CHANGE,
        confirmed=True,
        evidence=_("Role changed to %(role)s") % {"role": role.name},
    )
    return _create(
        actor=actor,
        channel=grant.channel,
        person=grant.person,
        role=role,
        access_method=grant.access_method,
        justification=justification,
        expires_on=grant.expires_on,
        replaces=grant,
    )


REQUEST_FIELDS = ("channel", "person", "role", "access_method", "reason", "expires_on", "status")


@transaction.atomic
def request_create(
    *,
    actor: Actor,
    channel: Channel,
    person: Person,
    role: PlatformRole,
    reason: str,
    access_method: str = AccessMethod.PERSONAL,
    expires_on: dt.date | None = None,
) -> AccessRequest:
    """Ask for a role on a channel."""
    validate_grant(channel=channel, person=person, role=role, expires_on=expires_on)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the access is needed.")})
    if AccessGrant.objects.holding().filter(channel=channel, person=person).exists():
        raise ValidationError(
            _("%(person)s already holds access to this channel.") % {"person": person.full_name}
        )
    request = AccessRequest(
        channel=channel,
        person=person,
        role=role,
        access_method=access_method,
        reason=reason.strip(),
        expires_on=expires_on,
        requested_by=actor_user(actor),
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError(
            _("A request for this person on this channel is already waiting.")
        ) from None
    record_create(actor=actor, obj=request, fields=REQUEST_FIELDS)
    return request


def _decide(*, actor: Actor, request: AccessRequest, status: str, comment: str) -> AccessRequest:
    request = (
        AccessRequest.objects.select_for_update(of=("self",))
        .select_related("channel__business_owner", "channel__backup_owner", "person", "role")
        .get(pk=request.pk)
    )
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request was already decided."))
    if not may_decide_request(actor, request):
        raise PermissionDenied(_("You may not decide this request."))
    request.status = status
    request.decided_by = actor_user(actor)
    request.decided_at = timezone.now()
    request.decision_comment = comment.strip()
    return request


@transaction.atomic
def request_approve(*, actor: Actor, request: AccessRequest, comment: str = "") -> AccessRequest:
    """Approve a request: the grant is created in the same transaction."""
    request = _decide(actor=actor, request=request, status=RequestStatus.APPROVED, comment=comment)
    request.grant = _create(
        actor=actor,
        channel=request.channel,
        person=request.person,
        role=request.role,
        access_method=request.access_method,
        justification=_("Request: %(reason)s") % {"reason": request.reason},
        expires_on=request.expires_on,
        new_access=True,
    )
    request.save()
    history_record(
        actor=actor,
        obj=request,
        action=ChangeAction.UPDATE,
        changes={"status": ["pending", "approved"]},
        message=comment,
    )
    events.request_decided(request, actor=actor)
    return request


@transaction.atomic
def request_refuse(*, actor: Actor, request: AccessRequest, comment: str) -> AccessRequest:
    """Refuse a request, saying why."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the request is refused.")})
    request = _decide(actor=actor, request=request, status=RequestStatus.REFUSED, comment=comment)
    request.save()
    history_record(
        actor=actor,
        obj=request,
        action=ChangeAction.UPDATE,
        changes={"status": ["pending", "refused"]},
        message=comment,
    )
    events.request_decided(request, actor=actor)
    return request
