"""The phased roadmap: phases in time or by sourcing stage, milestones, sourcing options."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Partner, Person
from audits.models import Finding
from core.i18n import SeededNames, shown
from roadmap.choices import MilestoneStatus, RoadmapTemplate, SourcingKind
from roadmap.models.objectives import Objective


class Roadmap(models.Model):
    """A plan from a start date, made of phases."""

    name = models.CharField(_("name"), max_length=160)
    starts_on = models.DateField(_("start date"), default=timezone.localdate)
    template = models.CharField(
        _("template"), max_length=20, choices=RoadmapTemplate.choices, default=RoadmapTemplate.EMPTY
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class Phase(SeededNames, models.Model):
    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("roadmap"), on_delete=models.PROTECT, related_name="phases"
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["roadmap", "order", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def months(self) -> Decimal:
        """The phase's length in months (30.4 days each), for its cost."""
        return (Decimal((self.ends_on - self.starts_on).days + 1) / Decimal("30.4")).quantize(
            Decimal("0.1")
        )


class Milestone(models.Model):
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    finding = models.OneToOneField(
        Finding,
        verbose_name=_("audit finding addressed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestone",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title in the reader's language where a template gave it (roadmap/services.py)."""
        return shown(self.title)

    def is_late(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status != MilestoneStatus.DONE and self.due_on < today


class SourcingOption(models.Model):
    """One way to staff a phase: in-house, an agency or a consultant, and what it costs."""

    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="sourcing_options"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SourcingKind.choices)
    label = models.CharField(_("label"), max_length=160, blank=True)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sourcing_options",
    )
    hourly_rate = models.DecimalField(
        _("hourly cost or rate"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    hours_per_month = models.DecimalField(
        _("hours per month"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    monthly_fee = models.DecimalField(
        _("monthly fee"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    chosen = models.BooleanField(_("chosen"), default=False)
    rationale = models.TextField(_("rationale"), blank=True)

    class Meta:
        verbose_name = _("sourcing option")
        verbose_name_plural = _("sourcing options")
        ordering = ["phase", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase"], condition=Q(chosen=True), name="sourcing_one_choice_per_phase"
            )
        ]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    @property
    def monthly_cost(self) -> Decimal | None:
        """A fee if there is one, else the hourly rate times the hours."""
        if self.monthly_fee is not None:
            return self.monthly_fee
        if self.hourly_rate is not None and self.hours_per_month is not None:
            return (self.hourly_rate * self.hours_per_month).quantize(Decimal("0.01"))
        return None

    @property
    def phase_cost(self) -> Decimal | None:
        monthly = self.monthly_cost
        return None if monthly is None else (monthly * self.phase.months).quantize(Decimal("0.01"))
