"""A person's departure; the tasks it hands out are governance.actions'."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from governance.choices import OffboardingStatus


class Offboarding(models.Model):
    """A leaver's last day and the work owed before it."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="offboardings"
    )
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OffboardingStatus.choices,
        default=OffboardingStatus.OPEN,
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    account_deactivated_at = models.DateTimeField(
        _("account deactivated at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("off-boarding")
        verbose_name_plural = _("off-boardings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person"], name="offboarding_one_per_person"),
        ]
        indexes = [models.Index(fields=["status", "last_day"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.last_day})"
