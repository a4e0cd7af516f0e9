"""Who holds which platform role on which channel, and who asked for one."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import PersonStatus
from accounts.models import Person
from channels_registry.choices import ChannelStatus
from channels_registry.models import Channel, PlatformRole
from core.choices import ChoiceLabels
from governance.choices import (
    HOLDING_STATUSES,
    AccessMethod,
    GrantStatus,
    RequestStatus,
    RevocationReason,
)


class AccessGrantQuerySet(models.QuerySet):
    def holding(self) -> AccessGrantQuerySet:
        return self.filter(status__in=HOLDING_STATUSES)

    def active(self) -> AccessGrantQuerySet:
        return self.filter(status=GrantStatus.ACTIVE)

    def expired(self, today=None) -> AccessGrantQuerySet:
        return self.active().filter(expires_on__lt=today or timezone.localdate())


def validate_grant(*, channel: Channel, person: Person, role: PlatformRole, expires_on) -> None:
    """The rules a new grant must meet, shared by grants and approved requests."""
    errors: dict[str, list] = {}
    if role.platform_id != channel.platform_id:
        errors.setdefault("role", []).append(
            _("“%(role)s” is not a role of %(platform)s.")
            % {"role": role.display_name, "platform": channel.platform.display_name}
        )
    if channel.status == ChannelStatus.ARCHIVED:
        errors.setdefault("channel", []).append(
            _("An archived channel cannot be given new access.")
        )
    if person.status != PersonStatus.ACTIVE:
        errors.setdefault("person", []).append(
            _("%(person)s is leaving or has left: no new access can be granted.")
            % {"person": person.full_name}
        )
    if person.partner_id:
        contract_end = person.partner.contract_end
        if not expires_on:
            errors.setdefault("expires_on", []).append(
                _("People of a partner get time-bound access: give an expiry date.")
            )
        elif contract_end and expires_on > contract_end:
            errors.setdefault("expires_on", []).append(
                _("The expiry date cannot be after the end of %(partner)s's contract (%(date)s).")
                % {"partner": person.partner.name, "date": contract_end}
            )
    if expires_on and expires_on < timezone.localdate():
        errors.setdefault("expires_on", []).append(_("The expiry date is in the past."))
    if errors:
        raise ValidationError(errors)


class AccessGrant(ChoiceLabels, models.Model):
    """A person holds a platform role on a channel. Revoked grants are kept as history."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="grants"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="grants"
    )
    role = models.ForeignKey(
        PlatformRole, verbose_name=_("role"), on_delete=models.PROTECT, related_name="grants"
    )
    access_method = models.CharField(
        _("how access is held"),
        max_length=10,
        choices=AccessMethod.choices,
        default=AccessMethod.PERSONAL,
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    justification = models.CharField(_("justification"), max_length=300)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.ACTIVE
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=20, choices=RevocationReason.choices, blank=True
    )
    revocation_confirmed_at = models.DateTimeField(
        _("revocation confirmed on the platform at"), null=True, blank=True
    )
    revocation_evidence = models.TextField(_("evidence of revocation"), blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["channel", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "person"],
                condition=Q(status__in=["active", "revocation_pending"]),
                name="grant_one_holding_per_person_and_channel",
                violation_error_message=_("This person already holds access to this channel."),
            ),
            models.CheckConstraint(
                condition=Q(status="active") | Q(revoked_at__isnull=False),
                name="grant_revoked_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "channel"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["status", "expires_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.role.name} — {self.channel.name}"

    @property
    def is_expired(self) -> bool:
        return bool(
            self.status == GrantStatus.ACTIVE
            and self.expires_on
            and self.expires_on < timezone.localdate()
        )


class AccessRequest(models.Model):
    """A person asks for a role on a channel; an owner or a lead decides."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="access_requests"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("for"), on_delete=models.PROTECT, related_name="access_requests"
    )
    role = models.ForeignKey(
        PlatformRole, verbose_name=_("role"), on_delete=models.PROTECT, related_name="+"
    )
    access_method = models.CharField(
        _("how access is held"),
        max_length=10,
        choices=AccessMethod.choices,
        default=AccessMethod.PERSONAL,
    )
    reason = models.CharField(_("reason"), max_length=300)
    expires_on = models.DateField(_("until"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.CharField(_("comment"), max_length=300, blank=True)
    grant = models.OneToOneField(
        AccessGrant,
        verbose_name=_("grant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request",
    )

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "person"],
                condition=Q(status="pending"),
                name="request_one_pending_per_person_and_channel",
                violation_error_message=_(
                    "A request for this person on this channel is already waiting."
                ),
            )
        ]
        indexes = [models.Index(fields=["status", "channel"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.role.name} on {self.channel.name}"
