"""Platform evaluations: adopt, not now, listen only or retire, and when to ask again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from audits.choices import EvaluationDecision
from channels_registry.models import Platform


class PlatformEvaluation(models.Model):
    """A deliberate decision about a platform, with the answers it rests on."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.PROTECT, related_name="evaluations"
    )
    evaluated_on = models.DateField(_("date"), default=timezone.localdate)
    evaluator = models.ForeignKey(
        Person,
        verbose_name=_("evaluator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="platform_evaluations",
    )
    decision = models.CharField(_("decision"), max_length=12, choices=EvaluationDecision.choices)
    rationale = models.TextField(_("rationale"))
    audience = models.TextField(_("is our audience there, and how engaged?"), blank=True)
    peers = models.TextField(_("do our peers use it, and how?"), blank=True)
    objectives = models.TextField(_("does it serve one of our objectives?"), blank=True)
    effort = models.TextField(_("what effort does it take?"), blank=True)
    cost = models.TextField(_("what does it cost?"), blank=True)
    next_evaluation_on = models.DateField(_("next evaluation"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("platform evaluation")
        verbose_name_plural = _("platform evaluations")
        ordering = ["platform", "-evaluated_on", "-pk"]
        indexes = [models.Index(fields=["platform", "-evaluated_on"])]

    def __str__(self) -> str:
        return f"{self.platform} — {self.get_decision_display()} ({self.evaluated_on})"
