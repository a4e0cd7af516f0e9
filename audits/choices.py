from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 3}


class FindingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("status of a finding", "Open")
    PLANNED = "planned", _("Planned")
    DONE = "done", pgettext_lazy("status of a finding", "Done")
    DISMISSED = "dismissed", _("Dismissed")


class EvaluationDecision(models.TextChoices):
    ADOPT = "adopt", _("Adopt")
    NOT_NOW = "not_now", _("Not now")
    LISTEN_ONLY = "listen_only", _("Listen only")
    RETIRE = "retire", _("Retire")


# Months until the next evaluation, by decision (editable on each evaluation).
NEXT_EVALUATION_MONTHS: dict[str, int] = {
    EvaluationDecision.ADOPT: 12,
    EvaluationDecision.NOT_NOW: 3,
    EvaluationDecision.LISTEN_ONLY: 3,
    EvaluationDecision.RETIRE: 12,
}
