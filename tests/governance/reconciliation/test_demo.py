"""The demo shows drift on a few channels, and one channel where the platform agrees."""

import pytest
from django.core.management import call_command

from governance.reconciliation.choices import FindingKind
from governance.reconciliation.models import DriftFinding, Observation

pytestmark = pytest.mark.django_db


def test_the_demo_shows_drift_on_a_few_channels():
    call_command("seed_demo", password="pw-demo-123456")
    assert Observation.objects.values("channel").distinct().count() == 4
    kinds = set(DriftFinding.objects.open().values_list("kind", flat=True))
    assert {
        FindingKind.UNKNOWN_HOLDER,
        FindingKind.HOLDER_GONE,
        FindingKind.PAPER_ONLY,
        FindingKind.ROLE_HIGHER,
        FindingKind.STALE_INVITATION,
    } <= kinds
    call_command("seed_demo", password="pw-demo-123456")
    assert Observation.objects.count() == 4
