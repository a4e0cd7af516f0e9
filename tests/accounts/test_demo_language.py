"""The demo reads as one organisation in the reader's language, and does not contradict itself."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from accounts.models import Team, User
from audits.choices import FindingStatus
from audits.models import Finding
from channels_registry.choices import ChannelStatus, PlatformStance
from channels_registry.models import Platform
from governance.choices import Decision
from governance.models import Policy, ReviewItem
from roadmap.models import Milestone, Objective, Roadmap
from tests.factories import give_totp

pytestmark = pytest.mark.django_db

PASSWORD = "pw-demo-123456"


@pytest.fixture
def demo():
    """The demo as `make run` seeds it (the contradictions do not depend on the language)."""
    call_command("seed_demo", password=PASSWORD)


def test_the_demo_seeded_in_french_is_written_in_french(client):
    call_command("seed_demo", password=PASSWORD, language="fr")
    assert Team.objects.filter(name="Ressources humaines").exists()
    assert not Team.objects.filter(name="Human resources").exists()
    assert Policy.objects.filter(title="Politique des médias sociaux").exists()
    assert Roadmap.objects.get().name == "Plan médias sociaux, année 1"
    assert Objective.objects.filter(title="Répondre plus vite au public").exists()
    assert Milestone.objects.filter(title="Audit de mi-parcours").exists()
    assert Finding.objects.filter(observed__startswith="Trois canaux").exists()
    assert Platform.objects.get(slug="threads").evaluations.get().rationale.startswith("Trop peu")
    # The phases the roadmap's template names come in French too (the language was active).
    assert Roadmap.objects.get().phases.filter(name__startswith="Mois 1").exists()

    lead = User.objects.get(email="lead@demo.gouvernail.test")
    give_totp(lead)  # leads must have a second factor
    client.force_login(lead)
    content = client.get(reverse("home"), headers={"accept-language": "fr"}).content.decode()
    assert 'lang="fr"' in content
    assert "Revue trimestrielle — administrateurs" in content
    assert "Quarterly review" not in content

    call_command("seed_demo", password=PASSWORD, language="fr")  # twice is safe
    assert Team.objects.count() == 5 and Policy.objects.count() == 4


def test_a_not_now_or_retired_platform_has_no_active_channel(demo):
    held_back = Platform.objects.filter(
        stance__in=[PlatformStance.NOT_NOW, PlatformStance.RETIRED]
    ).order_by("slug")
    assert list(held_back.values_list("slug", flat=True))[:2]  # the demo shows both kinds
    assert not held_back.filter(channels__status=ChannelStatus.ACTIVE).exists()


def test_only_evaluated_platforms_are_adopted(demo):
    adopted = Platform.objects.filter(stance=PlatformStance.ADOPTED)
    assert adopted.exists()
    assert not adopted.filter(evaluations__isnull=True).exists()
    assert not Platform.objects.filter(evaluations__isnull=True).exists()


def test_review_comments_match_their_decision(demo):
    decided = ReviewItem.objects.exclude(comment="")
    assert decided.filter(decision=Decision.REVOKE).exists()
    still_runs = Q(comment__icontains="still runs") | Q(comment__icontains="gère toujours")
    assert not decided.filter(still_runs, decision=Decision.REVOKE).exists()


def test_a_done_finding_does_not_offer_a_milestone(demo, client):
    done = Finding.objects.get(status=FindingStatus.DONE)
    open_one = Finding.objects.filter(status=FindingStatus.OPEN, follow_up_url="").first()
    lead = User.objects.get(email="lead@demo.gouvernail.test")
    give_totp(lead)
    client.force_login(lead)
    content = client.get(reverse("audits:detail", args=[done.audit_id])).content.decode()
    offer = reverse("roadmap:finding_milestone", args=[done.pk])
    assert offer not in content
    assert open_one is not None
    assert reverse("roadmap:finding_milestone", args=[open_one.pk]) in content
