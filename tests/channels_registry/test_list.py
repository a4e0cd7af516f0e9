"""The channel list: filters, sorting, visibility, export, and a query count that does not grow."""

import csv
import io

import pytest
from django.urls import reverse

from channels_registry.models import Platform
from tests.factories import ChannelFactory, PersonFactory, TeamFactory
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db
URL = reverse("channels_registry:index")


def _names(response) -> list[str]:
    return [c.name for c in response.context["page"]]


def test_filters_by_platform_status_team_owner_risk_and_text(client, personas):
    client.force_login(personas.lead)
    insta = ChannelFactory(
        name="Insta FR",
        platform=Platform.objects.get(slug="instagram"),
        handle="acme_insta",
        url="",
    )
    dormant = ChannelFactory(name="Old page", status="dormant", team=TeamFactory(name="Support"))
    lonely = ChannelFactory(name="Lonely page", backup_owner=None)
    assert _names(client.get(URL, {"platform": insta.platform.pk})) == ["Insta FR"]
    assert _names(client.get(URL, {"status": "dormant"})) == ["Old page"]
    assert _names(client.get(URL, {"team": dormant.team.pk})) == ["Old page"]
    assert _names(client.get(URL, {"owner": lonely.business_owner.pk})) == ["Lonely page"]
    assert _names(client.get(URL, {"owner": insta.backup_owner.pk})) == ["Insta FR"]
    assert _names(client.get(URL, {"risk": "no_backup"})) == ["Lonely page"]
    assert _names(client.get(URL, {"q": "@acme_insta"})) == ["Insta FR"]
    assert _names(client.get(URL, {"q": "lonely"})) == ["Lonely page"]


def test_sorting_by_risk_puts_the_riskiest_first(client, personas):
    client.force_login(personas.lead)
    ChannelFactory(name="Safe")
    ChannelFactory(name="Risky", backup_owner=None, two_factor_status="off", two_factor_holder=None)
    assert _names(client.get(URL, {"sort": "-risk"}))[0] == "Risky"
    assert _names(client.get(URL, {"sort": "name"})) == ["Risky", "Safe"]


def test_an_unknown_filter_value_explains_instead_of_failing(client, personas):
    client.force_login(personas.lead)
    response = client.get(URL, {"risk": "nonsense"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_counts_per_platform(client, personas):
    client.force_login(personas.lead)
    ChannelFactory.create_batch(2)
    ChannelFactory(platform=Platform.objects.get(slug="x"), url="")
    counts = {
        row["platform__name"]: row["total"] for row in client.get(URL).context["platform_counts"]
    }
    assert counts == {"Facebook": 2, "X": 1}


def test_team_member_sees_only_the_channels_they_own_or_back_up(client, personas):
    me = personas.owner.person
    owned = ChannelFactory(name="Mine", business_owner=me)
    backed = ChannelFactory(name="Backed", backup_owner=me)
    ChannelFactory(name="Other")
    client.force_login(personas.owner)
    assert sorted(_names(client.get(URL))) == sorted([owned.name, backed.name])
    client.force_login(personas.outsider)
    assert _names(client.get(URL)) == []
    client.force_login(personas.auditor)
    assert len(_names(client.get(URL))) == 3


LISTS = {
    "plain": {},
    "risk-sorted": {"risk": "two_factor_off", "sort": "-risk"},
    "searched": {"q": "acme"},
}


def _pinned(client, name, params) -> None:
    with pinned_queries(f"channels_registry/list-{name}"):
        assert client.get(URL, params).status_code == 200


@pytest.mark.parametrize("name", LISTS)
def test_query_count_is_the_same_at_two_sizes(client, personas, name):
    client.force_login(personas.lead)
    ChannelFactory.create_batch(2)
    ChannelFactory(name="acme off", two_factor_status="off")
    client.get(URL)
    _pinned(client, name, LISTS[name])
    ChannelFactory.create_batch(60, two_factor_status="off", backup_owner=None)
    _pinned(client, name, LISTS[name])


def test_export_gives_the_filtered_list_in_the_import_format(client, personas):
    client.force_login(personas.lead)
    ChannelFactory(name="Lonely", backup_owner=None, handle="lonely")
    ChannelFactory(name="Fine")
    response = client.get(reverse("channels_registry:export"), {"risk": "no_backup"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["handle"] for r in rows] == ["lonely"]
    assert rows[0]["platform"] == "facebook"


def test_export_respects_visibility(client, personas):
    ChannelFactory(name="Secret", business_owner=PersonFactory())
    client.force_login(personas.member)
    response = client.get(reverse("channels_registry:export"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == []


def test_archived_channels_leave_the_list_unless_asked_for(client, personas):
    client.force_login(personas.lead)
    ChannelFactory(name="Live")
    ChannelFactory(name="Gone", status="archived")
    assert _names(client.get(URL)) == ["Live"]
    assert _names(client.get(URL, {"status": "archived"})) == ["Gone"]
