"""Access requests: asked by a person, decided by an owner or a lead, never by oneself."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import ChangeAction
from accounts.history import history_record, record_create
from accounts.models import Person
from channels_registry.models import Channel, PlatformRole
from governance.choices import AccessMethod, RequestStatus
from governance.models import AccessGrant, AccessRequest
from governance.models.access import validate_grant
from governance.rules import may_decide_request
from governance.services.grants import _create

REQUEST_FIELDS = ("channel", "person", "role", "access_method", "reason", "expires_on", "status")


@transaction.atomic
def request_create(
    *,
    actor,
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
        requested_by=actor,
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


def _decide(*, actor, request: AccessRequest, status: str, comment: str) -> AccessRequest:
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
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_comment = comment.strip()
    return request


@transaction.atomic
def request_approve(*, actor, request: AccessRequest, comment: str = "") -> AccessRequest:
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
    return request


@transaction.atomic
def request_refuse(*, actor, request: AccessRequest, comment: str) -> AccessRequest:
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
    return request
