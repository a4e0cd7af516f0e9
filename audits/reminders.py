"""The reminder kind of platform evaluations: a platform's latest decision is revisited on its
next evaluation date, by its evaluator and the governance leads."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.rules import governance_leads
from audits.choices import EvaluationDecision
from audits.models import PlatformEvaluation
from core.i18n import shown
from governance.reminders.registry import DueItem, ReminderKind


def latest_evaluations():
    """Each platform's latest evaluation."""
    latest = PlatformEvaluation.objects.filter(platform=OuterRef("platform")).order_by(
        "-evaluated_on", "-pk"
    )
    return PlatformEvaluation.objects.filter(pk=Subquery(latest.values("pk")[:1]))


def _evaluation_line(params: dict) -> str:
    return gettext("Evaluate %(platform)s again (last decision: %(decision)s)") % {
        **params,
        "platform": shown(params["platform"]),
        "decision": EvaluationDecision(params["decision"]).label,
    }


def _evaluations_due(now, recipient=None):
    leads = list(governance_leads().values_list("pk", flat=True))
    evaluations = latest_evaluations().select_related("platform", "evaluator__user")
    if recipient is not None and recipient.pk not in leads:
        evaluations = evaluations.filter(evaluator__user=recipient)
    for evaluation in evaluations:
        evaluator = evaluation.evaluator.user if evaluation.evaluator else None
        recipients = set(leads)
        if evaluator is not None and evaluator.is_active:
            recipients.add(evaluator.pk)
        if recipient is not None:
            recipients &= {recipient.pk}
        params = {"platform": evaluation.platform.name, "decision": evaluation.decision}
        url = reverse("audits:platform", args=[evaluation.platform.slug])
        for user_id in sorted(recipients):
            yield DueItem(
                evaluation.pk,
                user_id,
                params,
                url,
                evaluation.next_evaluation_on,
                _evaluation_line,
            )


PLATFORM_EVALUATION = ReminderKind(
    "platform_evaluation",
    _("Platforms to evaluate again"),
    _evaluations_due,
    _evaluation_line,
    before=(14, 1),
    escalates=False,
    order=60,
)
