"""Objectives: specific, measurable, achievable, relevant, time-bound; at most three, one first."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from roadmap.choices import Direction, ObjectiveStatus


class Objective(models.Model):
    """What the social media effort must achieve, measured by one KPI against a deadline."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("specific: what exactly"), blank=True)
    kpi_name = models.CharField(_("KPI"), max_length=120)
    kpi_unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_on = models.DateField(_("baseline date"), default=timezone.localdate)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    relevance = models.TextField(_("relevant: why it matters"), blank=True)
    deadline = models.DateField(_("time-bound: deadline"))
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objectives",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectiveStatus.choices, default=ObjectiveStatus.ACTIVE
    )
    primary = models.BooleanField(_("primary"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["-primary", "deadline", "pk"]
        constraints = [
            # At most one primary objective among the active ones; the service keeps exactly one.
            models.UniqueConstraint(
                fields=["primary"],
                condition=Q(primary=True, status=ObjectiveStatus.ACTIVE),
                name="objective_one_active_primary",
            ),
            models.CheckConstraint(
                condition=Q(primary=False) | Q(status=ObjectiveStatus.ACTIVE),
                name="objective_primary_is_active",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("baseline_on")),
                name="objective_deadline_after_baseline",
            ),
            models.CheckConstraint(
                condition=~Q(target=models.F("baseline")), name="objective_target_differs"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class KpiReading(models.Model):
    """The KPI's value at a date."""

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.PROTECT, related_name="readings"
    )
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("KPI reading")
        verbose_name_plural = _("KPI readings")
        ordering = ["objective", "measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "measured_on"], name="kpi_reading_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.objective}: {self.value} ({self.measured_on})"
