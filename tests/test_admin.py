"""The admin of the project's apps: every model can be reached (its own list, or inline under the
object an admin looks for it on), every list can be searched and filtered, and each list's and
each change page's query count is pinned (tests/support/queries.py) and stays the same whatever
the number of rows on the page or inlined. Who gets in (the index, every list, add and change
page, for every persona): tests/test_authorization_matrix.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Count
from django.forms.models import _get_foreign_key
from django.urls import reverse
from django.utils import timezone

from accounts.demo import build_organisation
from audits import services as audit_services
from channels_registry.models import Platform
from governance import services as governance_services
from roadmap import services as roadmap_services
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("accounts", "channels_registry", "governance", "audits", "roadmap", "webhooks")

# Registered admins of the project shown without a search box or without filters, and why.
# None today: a list an admin cannot search or narrow is one they scroll.
NOT_SEARCHED: dict[str, str] = {}
NOT_FILTERED: dict[str, str] = {}

# Lists of which the demo organisation (and the rows _more_rows adds) holds fewer than two rows:
# their query count is pinned, but a query run once per row would not show in it. The demo
# builds no tokens, sign-in configuration, chat, SCIM, connector or webhook rows, and one
# off-boarding.
FEWER_THAN_TWO_ROWS = {
    "accounts.apitoken",
    "accounts.groupmapping",
    "accounts.signinprovider",
    "governance.channelsource",
    "governance.chatdestination",
    "governance.connectorcredential",
    "governance.holdermatch",
    "governance.offboarding",
    "governance.scimcall",
    "governance.scimgroup",
    "governance.scimtoken",
    "governance.scimuser",
    "governance.teamnotice",
    "webhooks.webhookdelivery",
    "webhooks.webhookendpoint",
}


def _project_admins() -> dict:
    return {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS
    }


def _label(model) -> str:
    return model._meta.label_lower


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_the_project_is_in_the_admin():
    registered = _project_admins()
    inlined = {
        inline.model for model_admin in registered.values() for inline in model_admin.inlines
    }
    models = [model for app in PROJECT_APPS for model in apps.get_app_config(app).get_models()]
    unreachable = sorted(_label(m) for m in models if m not in registered and m not in inlined)
    assert not unreachable, (
        f"models the admin shows nowhere (register or inline them): {unreachable}"
    )


def test_every_list_of_the_project_can_be_searched_and_filtered():
    labels = {_label(model) for model in _project_admins()}
    assert set(NOT_SEARCHED) | set(NOT_FILTERED) <= labels, "an exemption for no admin"
    problems = []
    for model, model_admin in _project_admins().items():
        if not model_admin.search_fields and _label(model) not in NOT_SEARCHED:
            problems.append(f"{_label(model)}: no search_fields")
        if not model_admin.list_filter and _label(model) not in NOT_FILTERED:
            problems.append(f"{_label(model)}: no list_filter")
    assert not problems, "\n".join(problems)


def test_every_search_and_every_filter_of_the_project_answers(client, personas):
    """Search fields are not checked when Django starts: a wrong path fails on the first search.
    Each filter is applied with its first choice."""
    build_organisation("demo", password="unused-pass-1")
    client.force_login(personas.admin)
    problems = []
    for model, model_admin in _project_admins().items():
        url = _url(model, "changelist")
        response = client.get(url, {"q": "a"} if model_admin.search_fields else {})
        if response.status_code != 200:
            problems.append(f"{url}?q=a: {response.status_code}")
            continue
        changelist = response.context["cl"]
        for spec in changelist.filter_specs:
            choices = [c for c in spec.choices(changelist) if not c["selected"]]
            if choices and client.get(url + choices[0]["query_string"]).status_code != 200:
                problems.append(f"{url}{choices[0]['query_string']}: {spec.title}")
    assert not problems, "\n".join(problems)


def _more_rows(personas) -> None:
    """Rows the demo organisation holds fewer than two of: a roadmap without phases, a peer
    with one metric, calendar feeds, digest preferences."""
    lead, today = personas.lead, timezone.localdate()
    roadmap = roadmap_services.roadmap_create(
        actor=lead, name="Year two", starts_on=today + dt.timedelta(days=365), template="empty"
    )
    roadmap_services.calendar_token_issue(actor=lead, roadmap=roadmap)
    roadmap_services.calendar_token_issue(actor=personas.member, user=personas.member)
    peer = audit_services.peer_save(actor=lead, name="Small museum", website="", notes="")
    facebook = Platform.objects.get(slug="facebook")
    audit_services.peer_metric_add(
        actor=lead, peer=peer, platform=facebook, followers=120, engagement_rate=Decimal("1.5")
    )
    for user in (personas.member, personas.owner):
        governance_services.reminder_preference_set(actor=user, frequency="weekly")


def test_each_list_runs_the_same_queries_whatever_the_rows_on_its_page(
    client, personas, monkeypatch
):
    """The list shows one row, then a full page: the same count, pinned (a displayed relation
    missing from list_select_related costs a query a row)."""
    build_organisation("demo", password="unused-pass-1")
    _more_rows(personas)
    client.force_login(personas.admin)
    client.get(reverse("admin:index"))  # the first request of a session records it
    few = set()
    for model, model_admin in _project_admins().items():
        for rows in (1, 100):
            monkeypatch.setattr(model_admin, "list_per_page", rows)
            with pinned_queries(f"admin/{_label(model)}"):
                assert client.get(_url(model, "changelist")).status_code == 200
        if model._default_manager.count() < 2:
            few.add(_label(model))
    assert few <= FEWER_THAN_TWO_ROWS, f"give these lists two rows: {few - FEWER_THAN_TWO_ROWS}"


def _foreign_key(model, inline):
    return _get_foreign_key(model, inline.model, fk_name=inline.fk_name)


def _show_one_row(monkeypatch, inline, fk, parent) -> None:
    """The inline shows only the parent's first row (its id read now, not on the page)."""
    first = inline.model._default_manager.filter(**{fk.name: parent}).order_by("pk")[0].pk
    original = inline.get_queryset

    def one_row(self, request):
        return original(self, request).filter(pk=first)

    monkeypatch.setattr(inline, "get_queryset", one_row)


def test_each_change_page_runs_the_same_queries_whatever_it_inlines(client, personas, monkeypatch):
    """The change page of the object with the most inlined rows, first with one row in each
    inline, then with all: the same count, pinned (a displayed relation the inline's queryset
    does not select costs a query a row)."""
    build_organisation("demo", password="unused-pass-1")
    _more_rows(personas)
    client.force_login(personas.admin)
    client.get(reverse("admin:index"))
    unchecked = []
    for model, model_admin in _project_admins().items():
        keys = {inline: _foreign_key(model, inline) for inline in model_admin.inlines}
        if not keys:
            continue
        counts = {
            f"inlined_{n}": Count(fk.related_query_name(), distinct=True)
            for n, fk in enumerate(keys.values())
        }
        parent = (
            model._default_manager.annotate(**counts)
            .order_by(*(f"-{name}" for name in counts), "pk")
            .first()
        )
        if parent is None or min(getattr(parent, name) for name in counts) < 2:
            unchecked.append(_label(model))
            continue
        url = _url(model, "change", parent.pk)
        for inline, fk in keys.items():
            _show_one_row(monkeypatch, inline, fk, parent)
        with pinned_queries(f"admin/{_label(model)}/change"):
            assert client.get(url).status_code == 200  # one row in each inline
        monkeypatch.undo()
        with pinned_queries(f"admin/{_label(model)}/change"):
            assert client.get(url).status_code == 200  # every row
    assert not unchecked, f"no object with two rows in each inline: {unchecked}"


def test_a_moments_date_and_time_boxes_are_each_named(client, personas):
    """Django writes "Date:" and "Time:" as text, which labels neither box (axe: label)."""
    client.force_login(personas.admin)
    page = client.get(reverse("admin:accounts_apitoken_add")).content.decode()
    assert 'aria-label="Date"' in page and 'id="id_expires_at_0"' in page
    assert 'aria-label="Time"' in page and 'id="id_expires_at_1"' in page
