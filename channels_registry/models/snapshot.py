"""The daily count of channels per risk flag, kept for the dashboard's trend."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskSnapshot(models.Model):
    """How many live channels carried a risk flag on a day (a measurement, not a change)."""

    day = models.DateField(_("day"))
    flag = models.CharField(_("risk flag"), max_length=40)
    count = models.PositiveIntegerField(_("channels"))

    class Meta:
        verbose_name = _("risk snapshot")
        verbose_name_plural = _("risk snapshots")
        ordering = ["day", "flag"]
        constraints = [models.UniqueConstraint(fields=["day", "flag"], name="risk_snapshot_once")]

    def __str__(self) -> str:
        return f"{self.day} {self.flag}: {self.count}"
