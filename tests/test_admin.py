"""The admin of the project's apps: every model can be reached (its own list, or inline under the
object an admin looks for it on), and every list can be searched and filtered. Who gets in (the
index, every list, add and change page, for every persona): tests/test_authorization_matrix.py."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.demo import build_organisation

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("accounts", "channels_registry", "governance", "audits", "roadmap", "webhooks")

# Registered admins of the project shown without a search box or without filters, and why.
# None today: a list an admin cannot search or narrow is one they scroll.
NOT_SEARCHED: dict[str, str] = {}
NOT_FILTERED: dict[str, str] = {}


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
