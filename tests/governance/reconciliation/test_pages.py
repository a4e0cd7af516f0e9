"""The Platform tab and the reconciliation's pages: what they show, their buttons, and flat
query counts."""

import pytest
from django.urls import reverse

from governance.models import Task
from governance.reconciliation.choices import FindingKind
from governance.reconciliation.connectors import ConnectorFailure
from governance.reconciliation.models import DriftFinding
from governance.reconciliation.services import observation_failed, observation_record
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, role
from tests.governance.reconciliation.helpers import CONTENT, NOW, of, reading, seen
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(personas):
    return ChannelFactory(name="Acme FR", business_owner=personas.owner.person)


def _tab(channel) -> str:
    return reverse("channels_registry:tab", args=[channel.pk, "platform"])


def _observe(actor, channel, size: int):
    """A reading of `size` strangers, `size` known people without a grant, `size` leavers."""
    holders = [seen(f"Stranger {n}", external_id=f"s{n}") for n in range(size)]
    for _n in range(size):
        holders.append(of(PersonFactory(), CONTENT))
        leaver = PersonFactory(status="left", end_date=NOW.date())
        GrantFactory(channel=channel, person=leaver)
        holders.append(of(leaver, CONTENT))
    observation_record(actor=actor, channel=channel, reading=reading(*holders), now=NOW)


def test_before_any_reading_the_tab_says_how_to_start(client, personas, channel):
    client.force_login(personas.owner)
    page = client.get(_tab(channel)).content.decode()
    assert "Nobody has recorded yet" in page
    assert reverse("governance:observation_import", args=[channel.pk]) in page


def test_the_tab_shows_a_failed_reading_and_the_last_good_one(client, personas, channel):
    _observe(personas.lead, channel, 1)
    observation_failed(
        actor=None,
        channel=channel,
        source="meta",
        failure=ConnectorFailure.EXPIRED_TOKEN,
        now=NOW.replace(hour=12),
    )
    client.force_login(personas.auditor)
    page = client.get(_tab(channel)).content.decode()
    assert "The platform refused the credentials" in page and "Stranger 0" in page
    # An auditor reads; no button.
    assert "Start the revocation" not in page and "Record what the platform shows" not in page


def test_a_button_acts_and_an_impossible_one_says_why(client, personas, channel):
    _observe(personas.lead, channel, 1)
    gone = DriftFinding.objects.get(kind=FindingKind.HOLDER_GONE)
    client.force_login(personas.owner)
    url = reverse("governance:finding_revoke", args=[gone.pk])
    response = client.post(url, follow=True)
    assert "A revocation task is handed out." in response.content.decode()
    assert Task.objects.get().drift_finding == gone
    again = client.post(url, follow=True).content.decode()
    assert "already open" in again and Task.objects.count() == 1


def test_platform_tab_query_count_is_flat(client, personas, channel):
    GrantFactory(channel=channel, person=personas.owner.person, role=role("facebook", "admin"))
    _observe(personas.lead, channel, 2)
    client.force_login(personas.lead)
    url = _tab(channel)
    client.get(url)
    with pinned_queries("reconciliation/platform-tab"):
        assert client.get(url).status_code == 200
    _observe(personas.lead, channel, 12)
    with pinned_queries("reconciliation/platform-tab"):
        assert client.get(url).status_code == 200


def test_import_page_query_count(client, personas, channel):
    client.force_login(personas.owner)
    url = reverse("governance:observation_import", args=[channel.pk])
    client.get(url)
    with pinned_queries("reconciliation/observation-import"):
        assert client.get(url).status_code == 200


def test_the_dashboard_counts_open_differences_week_by_week(client, personas, channel):
    _observe(personas.lead, channel, 1)
    client.force_login(personas.lead)
    panels = dict(client.get(reverse("home")).context["panels"])
    data = next(d for p, d in panels.items() if p.key == "drift")
    # A stranger, a person without a grant, a leaver, fewer than two admins, the owner.
    assert (data["open"], data["channels"]) == (5, 1)
    assert data["trend"].latest == 5


def test_reviewers_see_what_the_platform_showed(client, personas, channel):
    from governance import services as governance_services

    seen_grant = GrantFactory(channel=channel)
    unseen_grant = GrantFactory(channel=channel)
    at = NOW.replace(day=10)
    holder = of(seen_grant.person, CONTENT, last_active_at=at)
    observation_record(actor=personas.lead, channel=channel, reading=reading(holder), now=NOW)
    review = governance_services.review_create(
        actor=personas.lead, name="Spring", due_on=NOW.date().replace(year=2099)
    )
    governance_services.review_open(actor=personas.lead, review=review)
    client.force_login(personas.owner)
    page = client.get(reverse("governance:my_review_items")).content.decode()
    assert "Seen on Facebook on 12 Mar 2026, role “Partial access: content”" in page
    assert "last active on 10 Mar 2026" in page
    assert "Not listed on Facebook on 12 Mar 2026" in page
    assert unseen_grant.person.full_name in page
