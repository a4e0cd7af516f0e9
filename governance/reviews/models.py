"""Access review campaigns: every active grant in scope is re-confirmed by a reviewer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Person, Team
from channels_registry.choices import PrivilegeLevel
from channels_registry.models import Channel, Platform, PlatformRole
from channels_registry.reference import ROLE
from core.choices import ChoiceLabels
from core.i18n import shown
from governance.access.models import AccessGrant
from governance.choices import Decision, ReviewOutcome, ReviewStatus


class AccessReview(models.Model):
    """A campaign over a scope of channels, with a deadline and an outcome for undecided items."""

    name = models.CharField(_("name"), max_length=160)
    scope_platform = models.ForeignKey(
        Platform,
        verbose_name=_("platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_privilege_level = models.CharField(
        _("privilege level"), max_length=12, choices=PrivilegeLevel.choices, blank=True
    )
    scope_partners_only = models.BooleanField(_("partners' people only"), default=False)
    scope_risk_flag = models.CharField(_("channels with the risk flag"), max_length=40, blank=True)
    due_on = models.DateField(_("due on"))
    default_outcome = models.CharField(
        _("outcome for undecided items"),
        max_length=10,
        choices=ReviewOutcome.choices,
        default=ReviewOutcome.REVOKE,
    )
    repeat_every_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a one-off campaign."),
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("access review")
        verbose_name_plural = _("access reviews")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.name


class ReviewItem(ChoiceLabels, models.Model):
    """One grant to re-confirm, as it was when the campaign opened."""

    review = models.ForeignKey(
        AccessReview, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="items"
    )
    grant = models.ForeignKey(
        AccessGrant, verbose_name=_("grant"), on_delete=models.PROTECT, related_name="review_items"
    )
    # The grant at launch, kept even if the grant changes afterwards.
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.ForeignKey(
        PlatformRole, verbose_name=_("role"), on_delete=models.PROTECT, related_name="+"
    )
    role_name = models.CharField(_("role at launch"), max_length=120)
    privilege_level = models.CharField(
        _("privilege level"), max_length=12, choices=PrivilegeLevel.choices
    )
    granted_at = models.DateTimeField(_("granted at"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    last_reviewed_at = models.DateTimeField(_("last review"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_items",
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    new_role = models.ForeignKey(
        PlatformRole,
        verbose_name=_("new role"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by_default = models.BooleanField(_("decided by the campaign's outcome"), default=False)
    flagged = models.BooleanField(_("flagged"), default=False)

    class Meta:
        verbose_name = _("review item")
        verbose_name_plural = _("review items")
        ordering = ["review", "channel_id", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "grant"], name="review_item_one_per_grant"),
            models.CheckConstraint(
                condition=~Q(decision="change_role") | Q(new_role__isnull=False),
                name="review_item_change_has_role",
            ),
        ]
        indexes = [
            models.Index(fields=["reviewer", "submitted_at"]),
            models.Index(fields=["review", "decision"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.display_role_name} — {self.channel}"

    @property
    def display_comment(self) -> str:
        """The comment in the reader's language where Gouvernail wrote it (a default decision)."""
        return shown(self.comment)

    @property
    def display_role_name(self) -> str:
        """The role at launch in the reader's language where it is a seeded one."""
        return shown(self.role_name, ROLE)

    @property
    def locked(self) -> bool:
        return self.submitted_at is not None
