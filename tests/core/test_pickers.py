"""The type-ahead pickers: the endpoint's matches, the widget a form renders, one rule per source."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from accounts.choices import PersonStatus
from audits.forms import AuditForm
from channels_registry.filters import ChannelFilter
from channels_registry.models import Channel
from core.pickers import LIMIT, picker_sources, source_rows
from governance import services as governance_services
from governance.access.forms import GrantForm, RequestForm
from governance.actions.forms import TaskConfirmForm
from governance.policies.forms import PolicySettingsForm
from tests.factories import ChannelFactory, PersonFactory, TeamFactory
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db

# A leaver's last day, behind us whatever the day the suite runs (the pickers read only the
# status).
LAST_DAY = timezone.localdate() - dt.timedelta(days=300)
OPTION = re.compile(r'<option value="([^"]*)"( selected)?( data-kept)?>([^<]*)</option>')
BOX = re.compile(
    r'<li class="form-check picker-box"><input class="form-check-input" type="checkbox" '
    r'name="([^"]*)" value="([^"]*)" id="([^"]*)"( checked)?><label class="form-check-label" '
    r'for="([^"]*)">([^<]*)</label></li>'
)


def _pick(client, source, **params):
    response = client.get(reverse("core:pick", args=[source]), params)
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    options = OPTION.findall(body)
    # Only options: nothing else reaches the select.
    assert OPTION.sub("", body).strip() == ""
    return [
        (value, html.unescape(label), bool(selected), bool(kept))
        for value, selected, kept, label in options
    ]


def _labels(options):
    return [label for _value, label, _selected, _kept in options]


def _chosen(options):
    return [label for _value, label, selected, _kept in options if selected]


@pytest.fixture
def lead_client(client, personas):
    client.force_login(personas.lead)
    return client


def test_people_are_found_by_first_name_last_name_full_name_and_email(lead_client):
    PersonFactory(first_name="Aliqua", last_name="Zorblatt", email="a.zorblatt@example.org")
    PersonFactory(first_name="Bobbex", last_name="Zorblattson", email="bobbex@example.org")
    PersonFactory(first_name="Carolq", last_name="Smithq", email="carolq@example.org")
    label = "Aliqua Zorblatt <a.zorblatt@example.org>"
    assert _labels(_pick(lead_client, "people.active", q="aliq")) == [label]
    assert _labels(_pick(lead_client, "people.active", q="ZORBLATT")) == [
        label,
        "Bobbex Zorblattson <bobbex@example.org>",
    ]
    assert _labels(_pick(lead_client, "people.active", q="aliqua zorb")) == [label]
    assert _labels(_pick(lead_client, "people.active", q="a.zorblatt@")) == [label]
    # The first match is chosen: the select shows what the form would post.
    assert _chosen(_pick(lead_client, "people.active", q="zorblatt")) == [label]
    assert _pick(lead_client, "people.active", q="qqqzzz") == []


def test_each_people_source_offers_its_forms_people(lead_client):
    PersonFactory(first_name="Quinnq", last_name="Active", email="qa@example.org")
    for status, email in ((PersonStatus.LEAVING, "ql"), (PersonStatus.LEFT, "qx")):
        PersonFactory(
            first_name="Quinnq",
            last_name=str(status.label),
            email=f"{email}@example.org",
            status=status,
            end_date=LAST_DAY,
        )

    def found(source):
        return _labels(_pick(lead_client, source, q="quinnq"))

    assert found("people.active") == ["Quinnq Active <qa@example.org>"]
    assert found("people.current") == [
        "Quinnq Active <qa@example.org>",
        "Quinnq Leaving <ql@example.org>",
    ]
    # Leavers too, their status said.
    assert found("people.all") == [
        "Quinnq Active <qa@example.org>",
        "Quinnq Leaving <ql@example.org> — Leaving",
        "Quinnq Left <qx@example.org> — Left",
    ]


def test_at_most_twenty_matches_in_the_forms_order(lead_client):
    for n in range(LIMIT + 5):
        PersonFactory(first_name="Xyzzy", last_name=f"Many{n:02d}", email=f"x{n}@example.org")
    options = _pick(lead_client, "people.active", q="xyzzy")
    assert len(options) == LIMIT
    assert _labels(options) == [f"Xyzzy Many{n:02d} <x{n}@example.org>" for n in range(LIMIT)]
    # Without a search, the first twenty of the list.
    assert len(_pick(lead_client, "people.active")) == LIMIT


def test_the_choice_is_kept(lead_client):
    alice = PersonFactory(first_name="Aliqua", last_name="Zorblatt", email="alice@example.org")
    bob = PersonFactory(first_name="Bobbex", last_name="Zorblatt", email="bob@example.org")
    alice_label, bob_label = (
        "Aliqua Zorblatt <alice@example.org>",
        "Bobbex Zorblatt <bob@example.org>",
    )
    # Among the matches: still chosen, not the first match.
    options = _pick(lead_client, "people.active", q="zorblatt", selected=bob.pk)
    assert _labels(options) == [alice_label, bob_label]
    assert _chosen(options) == [bob_label]
    # Not among them: the first match is chosen, the old choice gone from the select.
    options = _pick(lead_client, "people.active", q="aliqua", selected=bob.pk)
    assert options == [(str(alice.pk), alice_label, True, False)]
    # A search that finds nothing: the choice stays, marked as no match.
    options = _pick(lead_client, "people.active", q="nobody", selected=alice.pk)
    assert options == [(str(alice.pk), alice_label, True, True)]
    # No search (the box emptied): the start of the list, the choice kept chosen.
    options = _pick(lead_client, "people.active", q="", selected=bob.pk)
    assert _chosen(options) == [bob_label]
    # A choice outside the source is no choice.
    gone = PersonFactory(
        first_name="Gone", last_name="Zorblatt", status=PersonStatus.LEFT, end_date=LAST_DAY
    )
    assert _pick(lead_client, "people.active", q="nobody", selected=gone.pk) == []


def test_an_optional_field_gets_the_blank_choice_first(lead_client):
    alice = PersonFactory(first_name="Aliqua", last_name="Zorblatt", email="alice@example.org")
    options = _pick(lead_client, "people.current", q="", optional="1")
    assert options[0] == ("", "---------", True, False)
    options = _pick(lead_client, "people.current", q="aliqua", optional="1")
    assert options == [
        ("", "---------", False, False),
        (str(alice.pk), "Aliqua Zorblatt <alice@example.org>", True, False),
    ]
    assert _pick(lead_client, "people.current", q="nobody", optional="1") == [
        ("", "---------", True, False)
    ]


def test_channels_are_found_by_name_handle_and_platform(lead_client):
    page = ChannelFactory(name="Acme News", handle="acmenews")
    ChannelFactory(name="Otherq", handle="otherq", status="archived")
    label = str(page)
    assert _labels(_pick(lead_client, "channels.open", q="news")) == [label]
    assert _labels(_pick(lead_client, "channels.open", q="@acmenews")) == [label]
    assert label in _labels(_pick(lead_client, "channels.open", q="faceb"))
    assert _pick(lead_client, "channels.open", q="otherq") == []  # archived


def test_teams_are_found_by_name(client, personas):
    TeamFactory(name="Customer care")
    TeamFactory(name="Communication")
    client.force_login(personas.auditor)
    assert _labels(_pick(client, "teams", q="care")) == ["Customer care"]


def test_the_owner_filter_offers_only_owners_of_channels_the_user_sees(client, personas):
    mine = ChannelFactory(backup_owner=personas.member.person)
    ChannelFactory()  # someone else's
    client.force_login(personas.member)
    labels = _labels(_pick(client, "people.owners"))
    assert sorted(labels) == sorted(
        f"{p.full_name} <{p.email}>" for p in (mine.business_owner, personas.member.person)
    )


def test_an_unknown_source_or_a_refused_user_gets_404(client, personas):
    client.force_login(personas.lead)
    assert client.get(reverse("core:pick", args=["nobody.knows"])).status_code == 404
    for persona in (personas.auditor, personas.outsider):
        client.force_login(persona)
        for source in ("people.active", "people.current", "people.all", "channels.open"):
            response = client.get(reverse("core:pick", args=[source]), {"q": "a"})
            assert response.status_code == 404, (persona, source)
        assert client.get(reverse("core:pick", args=["teams"])).status_code == 200


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("core:pick", args=["people.active"]), {"q": "a"})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    # A search from a page whose session ended: 401, which the page says; never the login page.
    response = client.get(
        reverse("core:pick", args=["people.active"]), {"q": "a"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 401 and response.content == b""


def test_the_query_count_does_not_grow(lead_client):
    for n in range(3):
        PersonFactory(first_name="Xyzzy", last_name=f"Few{n}")
    chosen = PersonFactory(first_name="Zed", last_name="Chosen")
    url = reverse("core:pick", args=["people.active"])
    # The choice is no match: read on its own, the second of the endpoint's two queries.
    query = {"q": "xyzzy", "selected": chosen.pk, "optional": "1"}
    lead_client.get(url, query)  # the session's first request writes its usersession row
    with pinned_queries("core/pick"):
        assert lead_client.get(url, query).status_code == 200
    for n in range(40):
        PersonFactory(first_name="Xyzzy", last_name=f"More{n}")
    with pinned_queries("core/pick"):
        assert lead_client.get(url, query).status_code == 200


# The widget, as a form renders it.


def test_the_grant_form_lists_no_one_until_searched():
    for _ in range(5):
        PersonFactory()
    html = str(GrantForm(channel=ChannelFactory())["person"])
    assert 'type="search"' in html and 'aria-controls="id_person"' in html
    assert f'hx-get="{reverse("core:pick", args=["people.active"])}"' in html
    assert 'hx-trigger="input changed delay:250ms, search"' in html
    assert 'hx-target="#id_person"' in html
    assert (
        '<label class="visually-hidden" for="id_person_search">Search people (Person)</label>'
        in html
    )
    # Required: no blank choice, and no person at all.
    assert "<option" not in html


def test_a_bound_form_shows_its_choice_and_validates_against_the_whole_source():
    person = PersonFactory(first_name="Aliqua", last_name="Zorblatt", email="alice@example.org")
    channel = ChannelFactory()
    form = GrantForm({"person": person.pk}, channel=channel)
    html = str(form["person"])
    assert OPTION.findall(html) == [
        (str(person.pk), " selected", "", "Aliqua Zorblatt &lt;alice@example.org&gt;")
    ]
    assert "person" not in form.errors
    left = PersonFactory(status=PersonStatus.LEFT, end_date=LAST_DAY)
    assert "person" in GrantForm({"person": left.pk}, channel=channel).errors
    assert "person" in GrantForm({"person": "abc"}, channel=channel).errors


def test_an_optional_field_renders_its_blank_choice_with_the_optional_url():
    form = RequestForm()
    html = str(form["channel"])
    # Required channel: the select still asks the roles again when it changes.
    assert 'hx-get="' + reverse("governance:request_create") + '"' in html
    assert "?optional=1" not in html
    owner = ChannelFilter({}, queryset=Channel.objects.all(), user=None).form["owner"]
    owner_html = str(owner)
    assert "?optional=1" in owner_html
    assert OPTION.findall(owner_html) == [("", " selected", "", "---------")]


def test_each_form_takes_its_queryset_from_its_source():
    form = GrantForm(channel=ChannelFactory())
    assert str(form.fields["person"].queryset.query) == str(source_rows("people.active").query)
    assert {source.key for source in picker_sources} >= {"people.active", "teams"}


def test_a_channel_owner_without_a_role_may_search_people_for_their_forms(client, personas):
    """They may grant access on their channel and name its owners (channels_registry.rules)."""
    client.force_login(personas.outsider)
    url = reverse("core:pick", args=["people.active"])
    assert client.get(url, {"q": "a"}).status_code == 404
    ChannelFactory(backup_owner=PersonFactory(user=personas.outsider))
    assert client.get(url, {"q": "a"}).status_code == 200
    assert client.get(reverse("core:pick", args=["channels.open"])).status_code == 404


# Pickers of several rows: boxes to tick.


def _boxes(client, source, **params):
    response = client.get(reverse("core:pick", args=[source]), params)
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert BOX.sub("", body).strip() == ""  # only boxes reach the list
    boxes = BOX.findall(body)
    for name, value, box_id, checked, label_for, _label in boxes:
        assert (name, box_id, label_for, checked) == (
            params["name"],
            f"{params['multiple']}_{value}",
            box_id,
            "",
        )
    return [(value, html.unescape(label)) for _n, value, _i, _c, _f, label in boxes]


def test_a_multiple_picker_gets_unticked_boxes_without_the_rows_already_chosen(lead_client):
    first, second, third = (
        ChannelFactory(name=f"Qwertz {n}", handle=f"qwertz{n}") for n in ("one", "two", "three")
    )
    found = _boxes(
        lead_client, "channels.open", q="qwertz", multiple="id_channels", name="channels"
    )
    assert sorted(label for _v, label in found) == sorted(str(c) for c in (first, second, third))
    found = _boxes(
        lead_client,
        "channels.open",
        q="qwertz",
        multiple="id_channels",
        name="channels",
        chosen=[first.pk, third.pk, "x", "²"],
    )
    assert found == [(str(second.pk), str(second))]
    assert len(_boxes(lead_client, "channels.open", multiple="m", name="n")) <= LIMIT


def test_a_multiple_picker_refuses_a_name_or_id_that_is_not_a_field_name(lead_client):
    url = reverse("core:pick", args=["teams"])
    for params in (
        {"multiple": 'x" onclick="1', "name": "teams"},
        {"multiple": "id_teams", "name": "<b>"},
        {"multiple": "id_teams"},
        {"multiple": "", "name": "teams"},
    ):
        assert lead_client.get(url, params).status_code == 400, params


def test_a_choice_that_is_no_number_is_no_choice(lead_client):
    # Digits that are not ASCII, or a number past any key: neither raises.
    for selected in ("²", "٣", "9" * 30):
        assert _pick(lead_client, "people.active", q="nobody", selected=selected) == []


def test_the_audit_form_chooses_its_channels_by_search_and_shows_them_ticked():
    chosen = ChannelFactory(name="Ticked channel")
    ChannelFactory(name="Not chosen")
    form = AuditForm(initial={"channels": [chosen.pk]})
    rendered = str(form["channels"])
    boxes = BOX.findall(rendered)
    assert [(b[1], b[3], html.unescape(b[5])) for b in boxes] == [
        (str(chosen.pk), " checked", str(chosen))
    ]
    url = reverse("core:pick", args=["channels.open"])
    assert f'hx-get="{url}?multiple=id_channels&amp;name=channels"' in rendered
    assert 'hx-target="#id_channels_matches"' in rendered
    assert "Search channels (Channels)" in rendered
    assert form["channels"].use_fieldset and form["channels"].id_for_label == ""
    # Validated against the whole source.
    data = {"title": "Yearly", "conducted_on": "2026-01-05", "summary": ""}
    archived = ChannelFactory(status="archived")
    assert AuditForm({**data, "channels": [chosen.pk]}).is_valid()
    assert "channels" in AuditForm({**data, "channels": [archived.pk]}).errors
    assert "channels" in AuditForm({**data, "channels": []}).errors
    assert str(AuditForm().fields["channels"].queryset.query) == str(
        source_rows("channels.open").query
    )


def test_the_policy_form_chooses_its_teams_by_search():
    teams = [TeamFactory(name=f"Team qz{n}") for n in range(3)]
    form = PolicySettingsForm(initial={"teams": [teams[1].pk]})
    boxes = BOX.findall(str(form["teams"]))
    assert [html.unescape(b[5]) for b in boxes] == ["Team qz1"]
    data = {"title": "Voice", "kind": "brand_voice", "audience": "teams"}
    form = PolicySettingsForm({**data, "teams": [teams[0].pk, teams[2].pk]})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["teams"]) == [teams[0], teams[2]]


def test_rows_excluded_are_neither_matches_nor_accepted(lead_client, personas):
    leaver = PersonFactory(first_name="Leona", last_name="Qzleaver", email="lq@example.org")
    other = PersonFactory(first_name="Otis", last_name="Qztaker", email="oq@example.org")
    options = _pick(lead_client, "people.active", q="qz", exclude=[leaver.pk, "x"])
    assert _labels(options) == ["Otis Qztaker <oq@example.org>"]
    # Who takes over a leaver's channel: the search leaves the leaver out, the form refuses them.
    ChannelFactory(business_owner=leaver)
    offboarding = governance_services.offboarding_start(
        actor=personas.lead, person=leaver, last_day=timezone.localdate() + dt.timedelta(days=7)
    )
    task = offboarding.tasks.filter(kind__startswith="reassign").first()
    form = TaskConfirmForm(task=task)
    assert f'?optional=1&amp;exclude={leaver.pk}"' in str(form["new_person"])
    assert leaver not in form.fields["new_person"].queryset
    assert other in form.fields["new_person"].queryset


def test_a_review_item_is_handed_to_a_user_found_by_typing(lead_client, personas):
    """The reassign form offers those taking part, never the reviewed person."""
    options = _pick(lead_client, "users.taking_part", q=personas.member.email)
    assert [value for value, *_ in options] == [str(personas.member.pk)]
    assert _labels(options) == [f"{personas.member.full_name} <{personas.member.email}>"]
    everyone = [value for value, *_ in _pick(lead_client, "users.taking_part", q="example.org")]
    assert str(personas.lead.pk) in everyone
    assert str(personas.auditor.pk) not in everyone and str(personas.outsider.pk) not in everyone
    assert lead_client.get(reverse("core:pick", args=["users.taking_part"])).status_code == 200
    lead_client.force_login(personas.auditor)
    assert lead_client.get(reverse("core:pick", args=["users.taking_part"])).status_code == 404
