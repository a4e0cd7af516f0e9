"""Audit pages measured by `manage.py benchmark`."""

from django.urls import reverse

from audits.choices import AuditStatus
from audits.models import Audit
from core.benchmarks import BenchmarkPage


def _audit(status: str):
    return lambda org: reverse(
        "audits:detail", args=[Audit.objects.filter(status=status).order_by("pk").first().pk]
    )


def _first_assessed_channel(org) -> str:
    audit = Audit.objects.order_by("pk").first()
    channel_id = audit.assessments.order_by("pk").values_list("channel_id", flat=True).first()
    return reverse("channels_registry:tab", args=[channel_id, "audits"])


PAGES = (
    BenchmarkPage("audits", lambda org: reverse("audits:index")),
    BenchmarkPage("audit report (completed)", _audit(AuditStatus.COMPLETED)),
    BenchmarkPage("audit report (in progress)", _audit(AuditStatus.IN_PROGRESS)),
    BenchmarkPage("platform evaluations", lambda org: reverse("audits:platforms")),
    BenchmarkPage("platform page", lambda org: reverse("audits:platform", args=["threads"])),
    BenchmarkPage("channel audits tab", _first_assessed_channel),
)
