"""Channels: one account, page or handle on one platform, its owners and its security posture."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import Person, Team
from channels_registry.choices import (
    ChannelKind,
    ChannelStatus,
    LoginModel,
    TwoFactorMethod,
    TwoFactorStatus,
)
from channels_registry.models.platform import Platform
from channels_registry.rules import ChannelQuerySet
from core.choices import ChoiceLabels

VAULT_REFERENCE_HELP = _(
    "Where the credentials are kept, e.g. “op://Social/Facebook main” or “Bitwarden: Social / X”. "
    "Never the password itself."
)


def validate_vault_reference(value: str) -> None:
    """A reference names a vault entry; a bare token looks like a secret and is refused."""
    if value and not any(sep in value for sep in ("/", ":", "#", " ")):
        raise ValidationError(
            _(
                "This looks like a secret, not a reference. Gouvernail never stores passwords: "
                "enter where the credentials are kept, e.g. “op://Social/Facebook main”."
            ),
            code="looks_like_secret",
        )


def is_personal_email(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return bool(email) and domain not in settings.ORGANISATION_EMAIL_DOMAINS


class Channel(ChoiceLabels, models.Model):
    """One account, page, profile or handle on one platform."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.PROTECT, related_name="channels"
    )
    name = models.CharField(_("display name"), max_length=160)
    handle = models.CharField(_("handle"), max_length=160)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ChannelKind.choices, default=ChannelKind.PAGE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ChannelStatus.choices, default=ChannelStatus.ACTIVE
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("owning team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="channels",
    )
    business_owner = models.ForeignKey(
        Person,
        verbose_name=_("business owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="channels_owned",
    )
    backup_owner = models.ForeignKey(
        Person,
        verbose_name=_("backup owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="channels_backed_up",
    )
    purpose = models.TextField(_("purpose"), blank=True)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    language_region = models.CharField(_("language and region"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    dormant_since = models.DateField(_("dormant since"), null=True, blank=True)

    # Security posture
    two_factor_status = models.CharField(
        _("two-factor authentication"),
        max_length=10,
        choices=TwoFactorStatus.choices,
        default=TwoFactorStatus.UNKNOWN,
    )
    two_factor_method = models.CharField(
        _("two-factor method"), max_length=20, choices=TwoFactorMethod.choices, blank=True
    )
    two_factor_holder = models.ForeignKey(
        Person,
        verbose_name=_("2FA device holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recovery_email = models.EmailField(_("recovery e-mail"), blank=True)
    recovery_phone_holder = models.ForeignKey(
        Person,
        verbose_name=_("recovery phone holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    login_model = models.CharField(
        _("login model"), max_length=12, choices=LoginModel.choices, default=LoginModel.INDIVIDUAL
    )
    credentials_vault_ref = models.CharField(
        _("credentials vault reference"),
        max_length=300,
        blank=True,
        validators=[validate_vault_reference],
        help_text=VAULT_REFERENCE_HELP,
    )
    password_rotated_on = models.DateField(_("last password rotation"), null=True, blank=True)
    verified = models.BooleanField(_("verified badge"), default=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["platform__name", "name"]
        constraints = [
            models.UniqueConstraint(
                "platform",
                Lower("handle"),
                condition=~Q(status=ChannelStatus.ARCHIVED),
                name="channel_handle_unique_per_platform",
                violation_error_message=_(
                    "Another channel on this platform already has this handle."
                ),
            ),
            models.CheckConstraint(
                condition=Q(backup_owner__isnull=True) | ~Q(backup_owner=F("business_owner")),
                name="channel_backup_is_not_owner",
                violation_error_message=_("The backup owner cannot be the business owner."),
            ),
            models.CheckConstraint(
                condition=Q(status=ChannelStatus.ARCHIVED) | Q(business_owner__isnull=False),
                name="channel_has_owner_unless_archived",
                violation_error_message=_(
                    "A channel needs a business owner unless it is archived."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(Lower("handle"), name="channel_handle_lower_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.platform.display_name})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        self.handle = (self.handle or "").strip()
        if self.handle.startswith("@") and len(self.handle) > 1:
            self.handle = self.handle[1:]
        if self.url and self.platform_id:
            host = urlsplit(self.url).hostname or ""
            if not self.platform.accepts_host(host):
                errors.setdefault("url", []).append(
                    _("This URL is on %(host)s, but %(platform)s channels live on %(domains)s.")
                    % {
                        "host": host,
                        "platform": self.platform.display_name,
                        "domains": ", ".join(self.platform.domain_list),
                    }
                )
        if self.backup_owner_id and self.backup_owner_id == self.business_owner_id:
            errors.setdefault("backup_owner", []).append(
                _("The backup owner cannot be the business owner.")
            )
        if self.status != ChannelStatus.ARCHIVED and not self.business_owner_id:
            errors.setdefault("business_owner", []).append(
                _("A channel needs a business owner unless it is archived.")
            )
        if self.two_factor_status != TwoFactorStatus.ON and self.two_factor_method:
            self.two_factor_method = ""
        if errors:
            raise ValidationError(errors)

    @property
    def has_personal_recovery_email(self) -> bool:
        return is_personal_email(self.recovery_email)
