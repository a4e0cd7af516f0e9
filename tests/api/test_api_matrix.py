"""The API's authorization matrix: every route of the router (config/api.py), every method it
accepts, for every persona and every token scope, answers the status designed for it.

EXPECTED holds, per (route name, method), the status each persona gets with a token that may
write everywhere; a narrower scope is derived from accounts.scopes: a token whose scopes do not
cover the route's area (reading for GET, writing otherwise) gets 403 before anything is looked up.
A route or method without a row fails `test_every_route_has_a_row`. Each call runs in a savepoint
that is rolled back, so every persona and scope meets the same world; a refused write changes
nothing, and an accepted one writes its history.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLResolver, reverse
from django.utils import timezone

from accounts.models import ApiToken, ObjectChange
from accounts.scopes import SCOPES, scope_allows
from accounts.services import API_TOKEN_START
from accounts.tokens import token_hash
from channels_registry.services import channel_update
from config import api as api_urls
from tests.api.conftest import Api
from tests.conftest import PERSONA_NAMES
from tests.factories import role

pytestmark = pytest.mark.django_db

PERSONAS = (*PERSONA_NAMES, "anonymous")
ACTIVE = ("admin", "lead", "owner", "member", "auditor", "partner", "outsider", "lead_auditor")
SEES_ALL = ("admin", "lead", "auditor", "lead_auditor")


def expect(default: int, **cells: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTIVE, default), **cells, "deactivated": 401, "anonymous": 401}


OURS = expect(200, partner=404, outsider=404)  # the owner's channel: not the partner's
EDIT_OURS = expect(200, auditor=403, member=403, partner=404, outsider=404)
DECIDE = expect(200, lead=403, member=403, auditor=403, partner=404, outsider=404)
# The leaver's off-boarding, the campaign's item: seen by those who see everything and by who
# must act (the owner: the task's assignee, the item's reviewer), done by them, leads and admins.
ASSIGNED = expect(404, **dict.fromkeys(SEES_ALL, 200), owner=200)
ACT = {**ASSIGNED, "auditor": 403}
MANAGING = expect(403, admin=201, lead=201, lead_auditor=201)
OBJECTIVE = expect(200, outsider=404)


def _ours(w) -> dict:
    return {"pk": w.ours.pk}


# (route name, method) -> (expected statuses, URL kwargs from the world, body)
EXPECTED = {
    ("api-root", "get"): (expect(200), None, None),
    # The schema is public documentation; a token it is sent with must still be valid.
    ("schema", "get"): ({**expect(200), "anonymous": 200}, None, None),
    ("platform-list", "get"): (expect(200), None, None),
    ("platform-detail", "get"): (expect(200), lambda w: {"pk": w.ours.platform_id}, None),
    ("channel-list", "get"): (expect(200), None, None),
    ("channel-detail", "get"): (OURS, _ours, None),
    ("channel-detail", "patch"): (EDIT_OURS, _ours, {"purpose": "Matrix"}),
    ("person-list", "get"): (expect(200), None, None),
    (
        "person-detail",
        "get",
    ): (
        expect(404, **dict.fromkeys(SEES_ALL, 200), owner=200),
        lambda w: {"pk": w.personas.owner.person.pk},
        None,
    ),
    ("team-list", "get"): (expect(200), None, None),
    ("team-detail", "get"): (expect(200), lambda w: {"pk": w.ours.team_id}, None),
    ("partner-list", "get"): (expect(200), None, None),
    (
        "partner-detail",
        "get",
    ): (expect(200), lambda w: {"pk": w.personas.partner.person.partner_id}, None),
    ("grant-list", "get"): (expect(200), None, None),
    ("grant-detail", "get"): (OURS, lambda w: {"pk": w.member_grant.pk}, None),
    ("request-list", "get"): (expect(200), None, None),
    # Who takes part asks; the lead's request on this channel already waits, the member holds
    # access already, the admin and the partner's ... (see the rows' statuses).
    ("request-list", "post"): (
        expect(400, owner=201, lead_auditor=201, auditor=403, outsider=403),
        None,
        lambda w: {"channel": w.ours.pk, "role": role(level="moderate").pk, "reason": "Matrix"},
    ),
    ("request-detail", "get"): (OURS, lambda w: {"pk": w.request.pk}, None),
    ("request-approve", "post"): (DECIDE, lambda w: {"pk": w.request.pk}, {}),
    ("request-refuse", "post"): (DECIDE, lambda w: {"pk": w.request.pk}, {"comment": "No"}),
    ("my-tasks-list", "get"): (expect(200), None, None),
    ("offboarding-list", "get"): (expect(200), None, None),
    ("offboarding-list", "post"): (
        MANAGING,
        None,
        lambda w: {"person": w.leaving.stayer.pk, "last_day": "2026-04-01", "reason": "Matrix"},
    ),
    ("offboarding-detail", "get"): (ASSIGNED, lambda w: {"pk": w.leaving.offboarding.pk}, None),
    ("offboarding-task-list", "get"): (expect(200), None, None),
    ("offboarding-task-detail", "get"): (ASSIGNED, lambda w: {"pk": w.leaving.task.pk}, None),
    ("offboarding-task-confirm", "post"): (
        ACT,
        lambda w: {"pk": w.leaving.task.pk},
        {"evidence": "Removed in Meta Business"},
    ),
    ("review-list", "get"): (expect(200), None, None),
    ("review-detail", "get"): (ASSIGNED, lambda w: {"pk": w.reviewing.review.pk}, None),
    ("review-item-list", "get"): (expect(200), None, None),
    ("review-item-detail", "get"): (ASSIGNED, lambda w: {"pk": w.reviewing.item.pk}, None),
    ("review-item-decide", "post"): (
        ACT,
        lambda w: {"pk": w.reviewing.item.pk},
        {"decision": "keep", "comment": "Still publishes"},
    ),
    ("policy-list", "get"): (expect(200), None, None),
    ("policy-detail", "get"): (expect(200), lambda w: {"pk": w.policy.pk}, None),
    # Those it addresses accept it once (the member already has); the service says who it
    # addresses (a 400 with its message for the others).
    ("policy-accept", "post"): (
        expect(400, lead=201, owner=201, partner=201, lead_auditor=201),
        lambda w: {"pk": w.policy.pk},
        {},
    ),
    ("acknowledgement-list", "get"): (expect(200), None, None),
    (
        "acknowledgement-detail",
        "get",
    ): (
        expect(404, **dict.fromkeys(SEES_ALL, 200), owner=200, member=200),
        lambda w: {"pk": w.policy.acknowledgement.pk},
        None,
    ),
    ("audit-list", "get"): (expect(200), None, None),
    # The audit the partner's person conducts: theirs until it is completed.
    (
        "audit-detail",
        "get",
    ): (
        expect(404, **dict.fromkeys(SEES_ALL, 200), partner=200),
        lambda w: {"pk": w.auditing.conducted.pk},
        None,
    ),
    ("platform-evaluation-list", "get"): (expect(200), None, None),
    (
        "platform-evaluation-detail",
        "get",
    ): (
        expect(404, **dict.fromkeys(SEES_ALL, 200)),
        lambda w: {"pk": w.auditing.evaluation.pk},
        None,
    ),
    # Everyone who reads the roadmap (not the outsider); leads and admins add readings.
    ("objective-list", "get"): (expect(200), None, None),
    ("objective-detail", "get"): (OBJECTIVE, lambda w: {"pk": w.planning.objective.pk}, None),
    ("objective-readings", "post"): (
        {**MANAGING, "outsider": 404},
        lambda w: {"pk": w.planning.objective.pk},
        {"measured_on": "2026-03-02", "value": "1200"},
    ),
    ("kpi-reading-list", "get"): (expect(200), None, None),
    ("kpi-reading-detail", "get"): (OBJECTIVE, lambda w: {"pk": w.planning.reading.pk}, None),
    ("history-list", "get"): (expect(200), None, None),
    # A change to the owner's channel: shown where its History tab is.
    ("history-detail", "get"): (OURS, lambda w: {"pk": w.change.pk}, None),
}
AREA_OF = {
    "api-root": None,
    "schema": None,
    "platform": "channels",
    "channel": "channels",
    "person": "people",
    "team": "people",
    "partner": "people",
    "grant": "access",
    "request": "access",
    "my-tasks": "access",
    "offboarding": "offboarding",
    "offboarding-task": "offboarding",
    "review": "reviews",
    "review-item": "reviews",
    "policy": "policies",
    "acknowledgement": "policies",
    "audit": "audits",
    "platform-evaluation": "audits",
    "objective": "roadmap",
    "kpi-reading": "roadmap",
    "history": "history",
}


def _patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns)
        else:
            yield pattern


def _routes() -> set[tuple[str, str]]:
    """Every (name, method) config/api.py serves: the router's and the schema's."""
    found = set()
    for pattern in _patterns(api_urls.urlpatterns):
        view = pattern.callback
        allowed = getattr(view, "cls", None) and view.cls.http_method_names
        actions = getattr(view, "actions", None) or {"get": "get"}
        # DRF adds "head" (GET's mirror) to a viewset's actions at its first request: whether
        # it shows depends on which tests ran before in the process, so it is left out.
        found |= {
            (pattern.name, m) for m in actions if m != "head" and (not allowed or m in allowed)
        }
    return found


def test_every_route_has_a_row():
    routes = _routes()
    assert not routes - set(EXPECTED), f"routes without a row: {sorted(routes - set(EXPECTED))}"
    assert not set(EXPECTED) - routes, f"rows of routes that are gone: {set(EXPECTED) - routes}"
    assert {_resource(name) for name, _ in routes} == set(AREA_OF)


def _resource(name: str) -> str:
    return name if name in ("api-root", "schema") else name.rsplit("-", 1)[0]


def _secret(user, scopes) -> str:
    """A token made directly: the deactivated persona's too (the service refuses those)."""
    secret = f"{API_TOKEN_START}matrix-{user.pk}-{'.'.join(scopes)}"
    ApiToken.objects.get_or_create(
        token_hash=token_hash(secret),
        defaults={
            "kind": "personal",
            "name": "matrix",
            "prefix": secret[:12],
            "user": user,
            "scopes": list(scopes),
            "expires_at": timezone.now() + timezone.timedelta(days=1),
        },
    )
    return secret


def _expected(name: str, method: str, persona: str, scopes: tuple[str, ...]) -> int:
    statuses = EXPECTED[(name, method)][0]
    if persona in ("deactivated", "anonymous"):
        return statuses[persona]
    if name == "schema":
        return statuses[persona]
    area = AREA_OF[_resource(name)]
    write = method != "get"
    covered = scope_allows(scopes, area=area, write=write) if area else not write
    return statuses[persona] if covered else 403


SCOPE_SETS = [("write",), *((scope,) for scope in sorted(SCOPES - {"write"}))]


@pytest.mark.parametrize("scopes", SCOPE_SETS, ids=["+".join(s) for s in SCOPE_SETS])
def test_each_route_answers_each_persona_and_scope_as_designed(
    personas, world, leaving, reviewing, policy, auditing, planning, scopes
):
    world.personas, world.leaving, world.reviewing = personas, leaving, reviewing
    world.policy, world.auditing, world.planning = policy, auditing, planning
    channel_update(actor=personas.lead, channel=world.ours, purpose="Its history")
    world.change = ObjectChange.objects.for_object(world.ours).latest("pk")
    problems = []
    for (name, method), (_statuses, kwargs, body) in EXPECTED.items():
        url = reverse(f"api:{name}", kwargs=kwargs(world) if kwargs else None)
        for persona in PERSONAS:
            user = getattr(personas, persona, None)
            api = Api(_secret(user, scopes) if user else None)
            data = body(world) if callable(body) else body
            before = ObjectChange.objects.count()
            with transaction.atomic():
                answer = getattr(api, method)(url, data) if method != "get" else api.get(url)
                wrote = ObjectChange.objects.count() - before
                transaction.set_rollback(True)
            expected = _expected(name, method, persona, scopes)
            if answer.status_code != expected:
                problems.append(
                    f"{method.upper()} {url} {persona}: {answer.status_code}, expected {expected}"
                )
            elif method != "get" and (wrote > 0) != (answer.status_code < 300):
                problems.append(
                    f"{method.upper()} {url} {persona}: {answer.status_code} wrote {wrote}"
                )
    assert not problems, "\n".join(problems)
