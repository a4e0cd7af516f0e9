"""Channel audits: criteria with weights, a score per channel and criterion, metrics, findings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from audits.choices import AuditStatus, FindingStatus, Severity
from channels_registry.models import Channel
from core.i18n import SeededNames


class Criterion(SeededNames, models.Model):
    """What an audit scores each channel on, and how much it weighs in the total."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__lte=10), name="criterion_weight_at_most_10")
        ]

    def __str__(self) -> str:
        return self.display_name


class Audit(models.Model):
    """An audit of some channels at a date, by a person (possibly an outside consultant)."""

    title = models.CharField(_("title"), max_length=200)
    conducted_on = models.DateField(_("date"), default=timezone.localdate)
    auditor = models.ForeignKey(
        Person,
        verbose_name=_("auditor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AuditStatus.choices, default=AuditStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-conducted_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ChannelAssessment(models.Model):
    """One channel in an audit: its metrics at the time and the scores of each criterion."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="assessments"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="assessments"
    )
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    posts_last_30_days = models.PositiveIntegerField(
        _("posts in the last 30 days"), null=True, blank=True
    )
    engagement_rate = models.DecimalField(
        _("engagement rate (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    median_response_hours = models.DecimalField(
        _("median response time (hours)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    last_post_on = models.DateField(_("last post"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("channel assessment")
        verbose_name_plural = _("channel assessments")
        ordering = ["audit", "channel__name"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "channel"], name="assessment_once_per_audit")
        ]

    def __str__(self) -> str:
        return f"{self.audit} — {self.channel}"


class CriterionScore(models.Model):
    """A score from 0 to 5 for one criterion of one channel, with the auditor's note."""

    assessment = models.ForeignKey(
        ChannelAssessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The criterion's weight when the audit was completed: a later change of weight leaves a
    # completed audit's scores as they were.
    weight = models.PositiveSmallIntegerField(_("weight when completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(condition=Q(score__lte=5), name="score_at_most_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Finding(models.Model):
    """Something the audit observed, what it recommends, and what became of it.

    The roadmap, above this app, turns a finding into a milestone and fills `follow_up`."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="findings"
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    observed = models.TextField(_("what was observed"))
    recommendation = models.TextField(_("recommendation"), blank=True)
    channels = models.ManyToManyField(
        Channel, verbose_name=_("channels concerned"), blank=True, related_name="findings"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    follow_up_url = models.CharField(_("follow-up link"), max_length=300, blank=True)
    follow_up_label = models.CharField(_("follow-up"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["audit", "pk"]

    def __str__(self) -> str:
        return self.observed[:80]

    @property
    def still_to_address(self) -> bool:
        """Open or planned: neither done nor dismissed."""
        return self.status in (FindingStatus.OPEN, FindingStatus.PLANNED)
