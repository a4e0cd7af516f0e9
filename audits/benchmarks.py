"""Audit pages measured by `manage.py benchmark`."""

from django.urls import reverse

from audits.choices import AuditStatus
from audits.models import Audit
from core.benchmarks import BenchmarkPage, admin_list


def _audit(status: str):
    return lambda org: Audit.objects.filter(status=status).order_by("pk").first().pk


def _report(status: str) -> BenchmarkPage:
    """An audit's report, beside the admin's list of its channels' assessments."""
    audit = _audit(status)
    return BenchmarkPage(
        f"audit report ({status.replace('_', ' ')})",
        lambda org: reverse("audits:detail", args=[audit(org)]),
        admin=admin_list("audits.channelassessment", audit__id__exact=audit),
    )


def _first_assessed_channel(org) -> str:
    audit = Audit.objects.order_by("pk").first()
    channel_id = audit.assessments.order_by("pk").values_list("channel_id", flat=True).first()
    return reverse("channels_registry:tab", args=[channel_id, "audits"])


PAGES = (
    BenchmarkPage("audits", lambda org: reverse("audits:index"), admin=admin_list("audits.audit")),
    _report(AuditStatus.COMPLETED),
    _report(AuditStatus.IN_PROGRESS),
    BenchmarkPage(
        "platform evaluations",
        lambda org: reverse("audits:platforms"),
        admin=admin_list("audits.platformevaluation"),
    ),
    BenchmarkPage("platform page", lambda org: reverse("audits:platform", args=["threads"])),
    BenchmarkPage("channel audits tab", _first_assessed_channel),
)
