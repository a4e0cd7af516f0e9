"""The authorization matrix: every URL of the project, for every persona and every method its
view accepts, answers the status designed for it.

EXPECTED below is the table: one entry per URL name, each a list of rows (a method, the URL's
parameters taken from the world, the POST data, and the status each persona gets). The
resolver is walked to find every URL; a URL without an entry fails `test_every_url_is_in_the_table`,
and a view that accepts a method without a row fails `test_every_method_a_view_accepts_has_a_row`.
The admin is checked generically (its index, each model's list and add page): only staff get in,
and its saves go through the services, which write history.

Each persona's request runs in a savepoint that is rolled back, so every persona meets the same
world, and an allowed write by one persona does not change what the next one sees. A refused
write (403, 404, or the login page) must leave every table of the project as it was, its
history (ObjectChange) first; an accepted one must have gone through a service, which writes
history. The rows are checked an area (a URL namespace) at a time, one world per area.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts import roles
from accounts import services as account_services
from accounts.admin import ServiceAdmin
from accounts.models import ObjectChange, Team
from accounts.sso import services as identity_services
from audits import services as audit_services
from audits.models import Criterion
from channels_registry import services as registry_services
from channels_registry.models import Platform
from channels_registry.tabs import channel_tabs
from governance import services as governance_services
from governance.choices import PolicyKind
from governance.models import DriftFinding, Task
from governance.reconciliation.connectors import Reading, SeenHolder
from governance.reconciliation.services import observation_record
from roadmap import services as roadmap_services
from tests.conftest import PERSONA_NAMES
from tests.factories import (
    ChannelFactory,
    GrantFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    role,
)
from tests.support.builders import make_audit, make_objective
from tests.support.csrf import client_with_login_page_token
from tests.support.sessions import reauthenticated

pytestmark = pytest.mark.django_db

PERSONAS = (*PERSONA_NAMES, "anonymous")
ACTIVE = ("admin", "lead", "owner", "member", "auditor", "partner", "outsider")
LOGGED_OUT = {"deactivated": 302, "anonymous": 302}
TODAY = timezone.localdate()


# The status of each persona.


def expect(default: int, **cells: int) -> dict[str, int]:
    """`default` for every persona who may log in unless named; the login page for the others.
    The lead-and-auditor gets the lead's status unless named (Row.__post_init__)."""
    return {**dict.fromkeys(ACTIVE, default), **cells, **LOGGED_OUT}


def everyone(status: int) -> dict[str, int]:
    """Every persona who may log in gets `status`."""
    return expect(status)


def leads_only(status: int, refused: int = 403, **cells: int) -> dict[str, int]:
    """Admins and governance leads get `status`, the others `refused` unless named."""
    return expect(refused, admin=status, lead=status, **cells)


def no_login(status: int) -> dict[str, int]:
    """No login needed: every persona, logged in or not, gets `status`."""
    return dict.fromkeys(PERSONAS, status)


def visitors(status: int, logged_in: int = 302) -> dict[str, int]:
    """A page for visitors (log in, sign up): those logged in are sent home."""
    return {**dict.fromkeys(ACTIVE, logged_in), "deactivated": status, "anonymous": status}


# The rows of the table.


@dataclass(frozen=True)
class Row:
    method: str  # "get" or "post"
    kwargs: Callable  # the world -> the URL's keyword arguments
    expected: dict[str, int]
    data: Callable | None = None  # the world -> the POST data
    label: str = ""
    query: str = ""
    # The persona has just typed their password (what allauth asks before touching MFA).
    fresh: bool = False
    # A logged-out persona's redirect leads to the login page (logging out leads home).
    to_login: bool = True
    # allauth sends everyone, logged in or not, to the login page (which sends the logged-in
    # home): a step that has nothing waiting for it, such as a provider's sign-up form.
    anyone_to_login: bool = False
    # Personas whose accepted POST (a redirect) writes nothing by design: they are told why.
    quiet: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # The lead who is also an auditor answers as the lead unless a row names them: the
        # lead role wins for every write (accounts/rules.py).
        if "lead_auditor" not in self.expected:
            object.__setattr__(
                self, "expected", {**self.expected, "lead_auditor": self.expected["lead"]}
            )
        if "lead" in self.quiet:
            object.__setattr__(self, "quiet", self.quiet | {"lead_auditor"})


def _no_kwargs(w) -> dict:
    return {}


def get(expected, kwargs=_no_kwargs, *, label="", query="", **options) -> Row:
    return Row("get", kwargs, expected, label=label, query=query, **options)


def post(expected, kwargs=_no_kwargs, data=None, *, label="", quiet=(), **options) -> Row:
    return Row("post", kwargs, expected, data=data, label=label, quiet=frozenset(quiet), **options)


def pk(attr: str, **literal) -> Callable:
    """The URL of one object of the world, by its pk, with literal arguments besides."""
    return lambda w: {"pk": getattr(w, attr).pk, **literal}


def days(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


TEAM_READ = expect(404, admin=200, lead=200, auditor=200)
TEAM_WRITE = expect(404, admin=302, lead=302, auditor=403)
# Channels: the owner's channel, business-owned by `owner`; nobody else holds access to it.
CHANNEL_READ = expect(404, admin=200, lead=200, owner=200, auditor=200)
CHANNEL_EDIT = expect(404, admin=200, lead=200, owner=200, auditor=403)
CHANNEL_EDIT_POST = expect(404, admin=302, lead=302, owner=302, auditor=403)
# A channel none of the personas owns, where the owner, the member and the partner hold access.
CHANNEL_HELD = expect(200, outsider=404)
# Team members register channels, and must stay an owner of what they register.
CHANNEL_CREATE = expect(200, auditor=403, outsider=403)
CHANNEL_CREATE_POST = expect(200, admin=302, lead=302, owner=302, auditor=403, outsider=403)


def _channel_form(w, **overrides) -> dict:
    data = {
        "platform": Platform.objects.get(slug="facebook").pk,
        "name": "Acme Careers",
        "handle": "acmecareers",
        "url": "https://www.facebook.com/acmecareers",
        "kind": "page",
        "status": "active",
        "two_factor_status": "on",
        "two_factor_method": "app",
        "login_model": "individual",
        "business_owner": w.owner_person.pk,
        "backup_owner": w.holder.pk,
    }
    return data | overrides


def _channel_edit(w) -> dict:
    c = w.channel
    return _channel_form(
        w,
        name=c.name,
        handle=c.handle,
        url=c.url,
        team=c.team_id,
        business_owner=c.business_owner_id,
        backup_owner=c.backup_owner_id,
        two_factor_holder=c.two_factor_holder_id,
        recovery_email=c.recovery_email,
        notes="Checked",
    )


def _tab(slug: str) -> Callable:
    return lambda w: {"pk": w.channel.pk, "tab": slug}


# The tabs of the channel page (the registry's and the upper apps'), all read as the channel.
TABS = ("overview", "access", "platform", "crisis", "audits", "history")

# Governance (tests/governance/test_pages.py and test_review_pages.py).
GRANT_WRITE = CHANNEL_EDIT
GRANT_WRITE_POST = CHANNEL_EDIT_POST
REQUEST_CREATE = expect(200, auditor=403, outsider=403)
# The admin has no directory entry to ask for: the form says so.
REQUEST_CREATE_POST = expect(302, admin=200, auditor=403, outsider=403)
# The member asked for it: they see it and may not decide it; the owner decides.
REQUEST_DECIDE = expect(404, admin=302, lead=302, owner=302, member=403, auditor=403)
PEOPLE = expect(302, admin=200, lead=200, auditor=200, outsider=403)
SEES_ALL = expect(404, admin=200, lead=200, auditor=200)
OFFBOARD = leads_only(200, 404, auditor=403)
OFFBOARD_POST = leads_only(302, 404, auditor=403)
# The off-boarding's only task is the owner's.
OFFBOARDING = expect(404, admin=200, lead=200, owner=200, auditor=200)
TASK_CONFIRM = CHANNEL_EDIT
TASK_CONFIRM_POST = CHANNEL_EDIT_POST
# The open campaign: the owner reviews items in it; the member, the partner, the outsider none.
CAMPAIGN = expect(404, admin=200, lead=200, owner=200, auditor=200)
REVIEW_OPEN = leads_only(302, 404, auditor=403)
REVIEW_CLOSE = leads_only(302, 404, owner=403, auditor=403)
EVIDENCE = expect(404, admin=200, lead=200, auditor=200, owner=403)
# A draft campaign has no evidence yet; only those who see everything find it.
EVIDENCE_DRAFT = expect(404, admin=403, lead=403, auditor=403)
DECIDE = expect(404, admin=302, lead=302, owner=302, auditor=403)
REASSIGN = CHANNEL_EDIT
REASSIGN_POST = CHANNEL_EDIT_POST
# Only the owner reviews the item the bulk form sends; the others are told it is not theirs.
BULK_DECIDE = expect(200, owner=302)


def _publish_role():
    return role("facebook", "publish") or role("facebook", "admin")


def _grant_form(w) -> dict:
    return {
        "person": w.newcomer.pk,
        "role": _publish_role().pk,
        "access_method": "personal",
        "justification": "Publishes the weekly posts",
    }


def _role_form(w) -> dict:
    return {"role": role("facebook", "admin").pk, "justification": "Runs the ads"}


def _request_form(w) -> dict:
    return {
        "channel": w.open_channel.pk,
        "role": _publish_role().pk,
        "access_method": "personal",
        "reason": "Runs the campaign",
        "expires_on": days(30),  # required of a partner's people
    }


def _observation_file(w) -> dict:
    payload = "name,role\nAgency Bot,Full control (admin)\n"
    return {"payload": payload, "apply": "1"}


def _leavers(w) -> dict:
    payload = f"email,last_day,reason\n{w.holder.email},{days(20)},Leaves\n"
    return {"payload": payload, "apply": "1"}


# Policies (tests/governance/test_policy_pages.py).
SEES_ALL_OR_OWNER = expect(404, admin=200, lead=200, auditor=200, owner=200)
MANAGE = leads_only(200)
MANAGE_POST = leads_only(302)
DRAFT = expect(403, admin=200, lead=200, owner=200)
DRAFT_EDIT = expect(404, admin=200, lead=200, owner=200, auditor=403)
DRAFT_EDIT_POST = expect(404, admin=302, lead=302, owner=302, auditor=403)
PUBLISH = expect(404, lead=302, admin=403, auditor=403, owner=403)
POLICY_EVIDENCE = expect(403, admin=200, lead=200, auditor=200, owner=200)
# The draft-only crisis plan of the owner: member, partner and outsider do not see it.
HIDDEN_MANAGE = leads_only(200, 404, owner=403, auditor=403)
HIDDEN_MANAGE_POST = leads_only(302, 404, owner=403, auditor=403)

POLICY_FORM = {"title": "Rogue", "kind": "other", "audience": "holders", "body": "x"}
VERSION_FORM = {"body": "Rewritten", "summary": "All new", "effective_on": "2030-01-01"}
CONTACT_FORM = {"position": "2", "name": "Intruder", "phone": "+1 555"}

# Audits (tests/audits/test_pages.py).
AREA = expect(403, admin=200, lead=200, auditor=200, partner=200)
OWN_AUDIT = expect(404, admin=200, lead=200, auditor=200, partner=200)
MANAGE_OWN = expect(404, admin=200, lead=200, auditor=403, partner=403)
MANAGE_OWN_POST = expect(404, admin=302, lead=302, auditor=403, partner=403)
MANAGE_OTHER = expect(404, admin=200, lead=200, auditor=403)
MANAGE_OTHER_POST = expect(404, admin=302, lead=302, auditor=403)
SCORE_OWN = expect(404, admin=200, lead=200, auditor=403, partner=200)
SCORE_OWN_POST = expect(404, admin=302, lead=302, auditor=403, partner=302)
SCORE_OTHER = MANAGE_OTHER
SCORE_OTHER_POST = MANAGE_OTHER_POST
# A completed audit is no longer its outside auditor's: 404 for the partner.
SCORE_COMPLETED = expect(404, admin=403, lead=403, auditor=403)
EVALUATIONS = expect(403, admin=200, lead=200, auditor=200)


def _criteria() -> list[Criterion]:
    return list(Criterion.objects.filter(active=True))


def _score_form(value: int) -> Callable:
    def data(w) -> dict:
        form = {"followers": 1200, "posts_last_30_days": 12, "engagement_rate": "3.10"}
        for c in _criteria():
            form |= {f"score_{c.pk}": str(value), f"note_{c.pk}": "Seen"}
        return form

    return data


def _metrics_file(w) -> dict:
    payload = f"platform,handle,followers\nfacebook,{w.channel.handle},999\n"
    return {"payload": payload, "apply": "1"}


def _audit_form(w) -> dict:
    return {
        "title": "Autumn",
        "conducted_on": days(0),
        "auditor": "",
        "summary": "Checked",
        "channels": [w.channel.pk, w.second_channel.pk],
    }


def _finding_form(w) -> dict:
    return {
        "severity": "low",
        "observed": "Old bio",
        "recommendation": "",
        "status": "done",
        "channels": [w.channel.pk],
    }


def _criterion_form(w) -> dict:
    c = w.criterion
    return {"name": c.name, "weight": 7, "order": c.order, "active": "on"}


def _peer_metric_form(w) -> dict:
    threads = Platform.objects.get(slug="threads")
    return {"platform": threads.pk, "measured_on": days(0), "followers": 80}


def _evaluation_form(w) -> dict:
    return {"evaluated_on": days(0), "decision": "not_now", "rationale": "Audience elsewhere"}


def _threads(w) -> dict:
    return {"slug": "threads"}


# Roadmap (tests/roadmap/test_pages.py).
READ = expect(200, outsider=403)
PLAN = leads_only(200)
PLAN_POST = leads_only(302)
# The milestone belongs to the member's Person: they move it along.
MOVE = leads_only(302, member=302)
ISSUE_OWN = expect(302, outsider=403)
# Someone else's feed: a lead or an admin may cut it; for the other readers it is not theirs.
REVOKE_OTHERS = expect(404, admin=302, lead=302, outsider=403)
REVOKE_MINE = expect(404, admin=302, lead=302, member=302, outsider=403)
UNKNOWN_FINDING = leads_only(404)


def _objective_form(w) -> dict:
    return {
        "title": "Answer within a day",
        "description": "",
        "kpi_name": "Hours",
        "kpi_unit": "",
        "relevance": "Service",
        "baseline": 48,
        "target": 24,
        "direction": "decrease",
        "baseline_on": days(-60),
        "deadline": days(180),
        "owner": w.member_person.pk,
    }


def _reading_form(w) -> dict:
    return {"measured_on": days(0), "value": "1200", "note": "Monday"}


def _readings_file(w) -> dict:
    return {"payload": f"date,value,note\n{days(-1)},1500,Week\n", "apply": "1"}


def _phase_form(w) -> dict:
    p = w.phase
    return {
        "name": "Foundations",
        "description": "",
        "starts_on": p.starts_on.isoformat(),
        "ends_on": p.ends_on.isoformat(),
        "order": p.order,
    }


def _milestone_form(w) -> dict:
    return {
        "phase": w.phase.pk,
        "due_on": days(40),
        "objective": "",
        "title": "Launch both",
        "owner": w.member_person.pk,
        "status": "in_progress",
    }


def _sourcing_form(w) -> dict:
    return {"kind": "in_house", "label": "Our editor", "hourly_rate": "40", "hours_per_month": 20}


def _finding_milestone_form(w) -> dict:
    return {
        "title": "Name a backup",
        "phase": w.phase.pk,
        "owner": w.member_person.pk,
        "due_on": days(40),
    }


def _token(attr: str | None) -> Callable:
    return lambda w: {"token": getattr(w, attr).token if attr else "no-such-token"}


# url name -> its rows. A view accepting GET and POST has both; a POST-only view, a POST row.
EXPECTED: dict[str, tuple[Row, ...]] = {
    # The home page (becoming a dashboard elsewhere): its content is not asserted here.
    "home": (get(everyone(200)),),
    "profile": (get(everyone(200)),),
    # Channels.
    "channels_registry:index": (get(everyone(200)),),
    "channels_registry:export": (get(everyone(200)),),
    "channels_registry:platforms": (get(everyone(200)),),
    "channels_registry:create": (
        get(CHANNEL_CREATE),
        post(CHANNEL_CREATE_POST, data=_channel_form),
    ),
    "channels_registry:import": (
        get(leads_only(200)),
        # A preview: nothing is imported before the lead applies it.
        post(leads_only(200), data=lambda w: {"payload": "name\nAcme\n"}),
    ),
    "channels_registry:detail": (
        get(CHANNEL_READ, pk("channel")),
        get(CHANNEL_HELD, pk("elsewhere"), label="held"),
    ),
    "channels_registry:tab": (
        *(get(CHANNEL_READ, _tab(slug), label=slug) for slug in TABS),
        # The drift channel's Platform tab holds a finding of every kind that has a button.
        get(CHANNEL_READ, lambda w: {"pk": w.drift_channel.pk, "tab": "platform"}, label="drift"),
        get(expect(404), _tab("no-such-tab"), label="unknown"),
    ),
    "channels_registry:edit": (
        get(CHANNEL_EDIT, pk("channel")),
        post(CHANNEL_EDIT_POST, pk("channel"), _channel_edit),
    ),
    "channels_registry:archive": (
        get(CHANNEL_EDIT, pk("channel")),
        post(CHANNEL_EDIT_POST, pk("channel"), lambda w: {"reason": "Merged into Acme"}),
    ),
    # Access.
    "governance:index": (get(everyone(200)),),
    "governance:my_tasks": (get(everyone(200)),),
    "governance:reminder_preferences": (
        get(everyone(200)),
        # One's own preferences: everyone may set them.
        post(everyone(302), data=lambda w: {"frequency": "weekly", "language": "fr"}),
    ),
    # One's own chat URL: only the lead has one to remove; the others are sent back.
    "governance:chat_remove": (
        post(everyone(302), quiet=[*(p for p in ACTIVE if p != "lead"), "lead_auditor"]),
    ),
    # A team's page: those who see everything; its chat is set and removed by leads and admins.
    "governance:team": (
        get(TEAM_READ, pk("team")),
        post(TEAM_WRITE, pk("team"), lambda w: {"url": SLACK, "language": "fr"}),
    ),
    "governance:team_chat_remove": (post(TEAM_WRITE, pk("team")),),
    "governance:grant_create": (
        get(GRANT_WRITE, pk("channel")),
        post(GRANT_WRITE_POST, pk("channel"), _grant_form),
    ),
    "governance:grant_revoke": (
        get(GRANT_WRITE, pk("grant")),
        post(GRANT_WRITE_POST, pk("grant")),
        # Holding access is seeing the channel, not managing it: the holder is refused.
        get(leads_only(200, outsider=404), pk("held_grant"), label="held"),
        post(leads_only(302, outsider=404), pk("held_grant"), label="held"),
    ),
    "governance:grant_confirm": (
        get(GRANT_WRITE, pk("revoking")),
        post(GRANT_WRITE_POST, pk("revoking"), lambda w: {"evidence": "Removed in Meta"}),
    ),
    "governance:grant_role": (
        get(GRANT_WRITE, pk("grant")),
        post(GRANT_WRITE_POST, pk("grant"), _role_form),
    ),
    "governance:requests": (get(everyone(200)),),
    "governance:request_create": (
        get(REQUEST_CREATE),
        post(REQUEST_CREATE_POST, data=_request_form),
    ),
    "governance:request_decide": (
        post(
            REQUEST_DECIDE,
            pk("access_request"),
            lambda w: {"decision": "refuse", "comment": "Not needed"},
        ),
    ),
    "governance:people": (get(PEOPLE),),
    "governance:person": (
        get(SEES_ALL, pk("holder")),
        get(
            expect(404, admin=200, lead=200, auditor=200, member=200),
            pk("member_person"),
            label="the member",
        ),
    ),
    "governance:offboarding_start": (
        get(OFFBOARD, pk("holder")),
        post(OFFBOARD_POST, pk("holder"), lambda w: {"last_day": days(5), "reason": "Leaves"}),
        # Team members may not off-board anyone, themselves included.
        get(OFFBOARD | {"member": 403}, pk("member_person"), label="the member"),
        post(
            OFFBOARD_POST | {"member": 403},
            pk("member_person"),
            lambda w: {"last_day": days(5), "reason": "Leaves"},
            label="the member",
        ),
    ),
    "governance:offboardings": (get(everyone(200)),),
    "governance:leavers_import": (
        get(leads_only(200)),
        post(leads_only(302), data=_leavers),
    ),
    "governance:offboarding": (get(OFFBOARDING, pk("offboarding")),),
    # Reconciliation (tests/governance/reconciliation/): the drift channel is the owner's.
    "governance:observation_import": (
        get(CHANNEL_EDIT, pk("drift_channel")),
        post(CHANNEL_EDIT_POST, pk("drift_channel"), _observation_file),
    ),
    "governance:finding_grant": (post(CHANNEL_EDIT_POST, pk("unknown_finding")),),
    "governance:finding_revoke": (post(CHANNEL_EDIT_POST, pk("gone_finding")),),
    "governance:finding_reopen": (post(CHANNEL_EDIT_POST, pk("revoked_finding")),),
    "governance:finding_role": (post(CHANNEL_EDIT_POST, pk("higher_finding")),),
    "governance:finding_lower": (post(CHANNEL_EDIT_POST, pk("higher_finding")),),
    # A lead has the drift channel (read through Meta) read now; its owner waits for the beat.
    "governance:channel_sync_now": (
        post(expect(404, admin=302, lead=302, owner=403, auditor=403), pk("drift_channel")),
    ),
    # A lead says once who a holder is; the owner manages the channel but not the directory.
    "governance:holder_match": (
        get(expect(404, admin=200, lead=200, owner=403, auditor=403), pk("nameless")),
        post(
            expect(404, admin=302, lead=302, owner=403, auditor=403),
            pk("nameless"),
            lambda w: {"person": w.newcomer.pk},
        ),
    ),
    "governance:task_confirm": (
        get(TASK_CONFIRM, pk("task")),
        post(TASK_CONFIRM_POST, pk("task"), lambda w: {"evidence": "Removed in Meta"}),
        # A revocation decided in a review, assigned to the owner: no off-boarding behind it.
        get(TASK_CONFIRM, pk("remediation"), label="review remediation"),
        post(
            TASK_CONFIRM_POST,
            pk("remediation"),
            lambda w: {"evidence": "Removed in Meta"},
            label="review remediation",
        ),
    ),
    "governance:reviews": (get(everyone(200)),),
    "governance:review_create": (
        get(leads_only(200)),
        post(
            leads_only(302),
            data=lambda w: {
                "name": "Autumn check",
                "due_on": days(30),
                "default_outcome": "revoke",
                "repeat_every_months": "",
            },
        ),
    ),
    "governance:my_review_items": (
        get(everyone(200)),
        post(
            BULK_DECIDE,
            data=lambda w: {
                "items": [w.owner_item.pk],
                "decision": "keep",
                "comment": "Still posts",
            },
        ),
    ),
    "governance:review": (
        get(CAMPAIGN, pk("open")),
        # Its button opens it: the browser form test sends every form a page of this table shows.
        get({**CAMPAIGN, "owner": 404}, pk("draft"), label="draft"),  # no item of theirs yet
    ),
    "governance:review_open": (post(REVIEW_OPEN, pk("draft")),),
    "governance:review_close": (post(REVIEW_CLOSE, pk("open")),),
    "governance:review_evidence": (
        get(EVIDENCE, pk("closed")),
        get(EVIDENCE_DRAFT, pk("draft"), label="draft"),
    ),
    "governance:review_evidence_csv": (get(EVIDENCE, pk("closed")),),
    "governance:review_item_decide": (
        post(
            DECIDE,
            pk("owner_item"),
            lambda w: {"decision": "keep", "comment": "Still publishes"},
        ),
        # An item of the orphan channel, which the lead reviews: not the owner's to see.
        post(
            leads_only(302, 404, auditor=403),
            pk("lead_item"),
            lambda w: {"decision": "keep", "comment": "Still publishes"},
            label="lead's item",
        ),
    ),
    "governance:review_item_reassign": (
        get(REASSIGN, pk("owner_item")),
        post(
            REASSIGN_POST,
            pk("owner_item"),
            lambda w: {"reviewer": w.lead.pk, "reason": "Knows this page better"},
        ),
    ),
    "governance:matrix": (get(everyone(200)),),
    "governance:matrix_export": (get(everyone(200)),),
    # Policies.
    "policies:index": (get(everyone(200)),),
    "policies:create": (
        get(MANAGE),
        post(MANAGE_POST, data=lambda w: POLICY_FORM),
    ),
    "policies:detail": (
        get(everyone(200), pk("policy")),
        get(SEES_ALL_OR_OWNER, pk("hidden"), label="draft only"),
        get(SEES_ALL, pk("archived"), label="archived"),
    ),
    "policies:edit": (
        get(MANAGE, pk("policy")),
        get(HIDDEN_MANAGE, pk("hidden"), label="draft only"),
        post(MANAGE_POST, pk("policy"), lambda w: POLICY_FORM | {"title": "Renamed"}),
    ),
    "policies:archive": (
        post(MANAGE_POST, pk("policy")),
        post(HIDDEN_MANAGE_POST, pk("hidden"), label="draft only"),
    ),
    # A lead records the acceptance of someone without a login (the holder), with evidence.
    "policies:accept_for": (
        post(
            MANAGE_POST,
            lambda w: {"pk": w.policy.pk, "person_pk": w.holder.pk},
            lambda w: {"evidence": "Signed copy"},
        ),
        post(
            HIDDEN_MANAGE_POST,
            lambda w: {"pk": w.hidden.pk, "person_pk": w.holder.pk},
            lambda w: {"evidence": "Signed copy"},
            label="draft only",
            quiet=("admin", "lead"),
        ),
    ),
    # Accepted, or sent back with a message saying the policy does not address them.
    "policies:accept": (
        post(everyone(302), pk("policy"), quiet=("admin", "lead", "auditor", "outsider")),
        post(
            SEES_ALL_OR_OWNER | {"admin": 302, "lead": 302, "auditor": 302, "owner": 302},
            pk("hidden"),
            label="draft only",
            quiet=ACTIVE,
        ),
    ),
    "policies:compare": (get(everyone(200), pk("policy"), query="?old=1&new=2"),),
    "policies:evidence_csv": (get(POLICY_EVIDENCE, pk("policy")),),
    "policies:version_create": (
        get(DRAFT, pk("policy")),
        # The policy has a draft already: those who may draft are told so.
        post(DRAFT, pk("policy"), lambda w: VERSION_FORM),
    ),
    "policies:version": (
        get(everyone(200), pk("policy", number=1), label="published"),
        get(SEES_ALL_OR_OWNER, pk("policy", number=2), label="draft"),
        get(SEES_ALL_OR_OWNER, pk("hidden", number=1), label="draft only"),
    ),
    "policies:version_edit": (
        get(DRAFT_EDIT, pk("policy", number=2), label="draft"),
        get(everyone(403), pk("policy", number=1), label="published"),
        post(DRAFT_EDIT_POST, pk("policy", number=2), lambda w: VERSION_FORM, label="draft"),
        post(everyone(403), pk("policy", number=1), lambda w: VERSION_FORM, label="published"),
    ),
    "policies:version_publish": (post(PUBLISH, pk("policy", number=2)),),
    "policies:roster": (
        get(everyone(200), pk("plan")),
        get(everyone(404), pk("policy"), label="not a plan"),
    ),
    "policies:contact_add": (
        get(MANAGE, pk("plan")),
        post(MANAGE_POST, pk("plan"), lambda w: CONTACT_FORM),
    ),
    "policies:contact_edit": (
        get(MANAGE, pk("contact")),
        get(HIDDEN_MANAGE, pk("hidden_contact"), label="draft only"),
        post(MANAGE_POST, pk("contact"), lambda w: CONTACT_FORM),
    ),
    "policies:contact_retire": (
        post(MANAGE_POST, pk("contact")),
        post(HIDDEN_MANAGE_POST, pk("hidden_contact"), label="draft only"),
    ),
    # Audits.
    "audits:index": (get(AREA),),
    "audits:create": (get(MANAGE), post(MANAGE_POST, data=_audit_form)),
    "audits:detail": (
        get(OWN_AUDIT, pk("audit")),
        get(SEES_ALL, pk("done"), label="completed"),
        get(SEES_ALL, pk("other"), label="other"),
    ),
    "audits:edit": (
        get(MANAGE_OWN, pk("audit")),
        get(MANAGE_OTHER, pk("other"), label="other"),
        post(MANAGE_OWN_POST, pk("audit"), _audit_form),
        post(MANAGE_OTHER_POST, pk("other"), _audit_form, label="other"),
    ),
    "audits:start": (post(MANAGE_OWN_POST, pk("audit")),),
    "audits:complete": (post(MANAGE_OTHER_POST, pk("other")),),
    "audits:export": (
        get(OWN_AUDIT, pk("audit")),
        get(SEES_ALL, pk("other"), label="other"),
        get(SEES_ALL, pk("done"), label="completed"),
    ),
    "audits:metrics_template": (
        get(OWN_AUDIT, pk("audit")),
        get(SEES_ALL, pk("other"), label="other"),
        get(SEES_ALL, pk("done"), label="completed"),
    ),
    "audits:metrics_import": (
        get(SCORE_OWN, pk("audit")),
        get(SCORE_OTHER, pk("other"), label="other"),
        get(SCORE_COMPLETED, pk("done"), label="completed"),
        post(SCORE_OWN_POST, pk("audit"), _metrics_file),
        post(SCORE_OTHER_POST, pk("other"), _metrics_file, label="other"),
        post(SCORE_COMPLETED, pk("done"), _metrics_file, label="completed"),
    ),
    "audits:finding_create": (
        get(MANAGE_OWN, pk("audit")),
        post(MANAGE_OWN_POST, pk("audit"), _finding_form),
    ),
    "audits:assessment": (
        get(SCORE_OWN, pk("assessment")),
        get(SCORE_OTHER, pk("other_assessment"), label="other"),
        get(SCORE_COMPLETED, pk("done_assessment"), label="completed"),
        post(SCORE_OWN_POST, pk("assessment"), _score_form(5)),
        post(SCORE_OTHER_POST, pk("other_assessment"), _score_form(1), label="other"),
        post(SCORE_COMPLETED, pk("done_assessment"), _score_form(5), label="completed"),
    ),
    "audits:finding": (
        get(MANAGE_OWN, pk("finding")),
        post(MANAGE_OWN_POST, pk("finding"), _finding_form),
    ),
    "audits:criteria": (get(AREA),),
    "audits:criterion_create": (
        get(MANAGE),
        post(MANAGE_POST, data=lambda w: {"name": "Clarity", "weight": 2, "order": 9}),
    ),
    "audits:criterion": (
        get(MANAGE, pk("criterion")),
        post(MANAGE_POST, pk("criterion"), _criterion_form),
    ),
    "audits:peers": (get(AREA),),
    "audits:peer_create": (
        get(MANAGE),
        post(MANAGE_POST, data=lambda w: {"name": "Another peer", "notes": ""}),
    ),
    "audits:peer_metric_add": (
        get(MANAGE, pk("peer")),
        post(MANAGE_POST, pk("peer"), _peer_metric_form),
    ),
    "audits:platforms": (get(EVALUATIONS),),
    "audits:platform": (get(EVALUATIONS, _threads),),
    "audits:evaluate": (
        get(MANAGE, _threads),
        post(MANAGE_POST, _threads, _evaluation_form),
    ),
    # Roadmap.
    "roadmap:index": (get(READ),),
    "roadmap:objective_create": (
        get(PLAN),
        post(PLAN_POST, data=_objective_form),
    ),
    "roadmap:objective": (
        get(READ, pk("objective")),
        get(READ, pk("second_objective"), label="not primary"),  # its "make primary" button
        post(PLAN_POST, pk("objective"), _reading_form, label="reading"),
    ),
    "roadmap:objective_edit": (
        get(PLAN, pk("objective")),
        post(PLAN_POST, pk("objective"), _objective_form),
    ),
    "roadmap:readings_import": (
        get(PLAN, pk("objective")),
        post(PLAN_POST, pk("objective"), _readings_file),
    ),
    "roadmap:objective_primary": (post(PLAN_POST, pk("second_objective")),),
    "roadmap:objective_achieved": (post(PLAN_POST, pk("second_objective")),),
    "roadmap:objective_dropped": (post(PLAN_POST, pk("second_objective")),),
    "roadmap:create": (
        get(PLAN),
        post(
            PLAN_POST,
            data=lambda w: {"name": "Year two", "starts_on": days(40), "template": "sourcing"},
        ),
    ),
    "roadmap:detail": (get(READ, pk("roadmap")),),
    "roadmap:phase_create": (
        get(PLAN, pk("roadmap")),
        post(
            PLAN_POST,
            pk("roadmap"),
            lambda w: _phase_form(w) | {"name": "Extra", "ends_on": days(40), "order": 9},
        ),
    ),
    "roadmap:phase": (
        get(PLAN, lambda w: {"pk": w.roadmap.pk, "phase_pk": w.phase.pk}),
        post(PLAN_POST, lambda w: {"pk": w.roadmap.pk, "phase_pk": w.phase.pk}, _phase_form),
    ),
    "roadmap:milestone_create": (
        get(PLAN, pk("roadmap")),
        post(PLAN_POST, pk("roadmap"), _milestone_form),
    ),
    "roadmap:milestone": (
        get(PLAN, lambda w: {"pk": w.roadmap.pk, "milestone_pk": w.milestone.pk}),
        post(
            PLAN_POST,
            lambda w: {"pk": w.roadmap.pk, "milestone_pk": w.milestone.pk},
            _milestone_form,
        ),
    ),
    "roadmap:milestone_status": (post(MOVE, pk("milestone"), lambda w: {"status": "done"}),),
    "roadmap:sourcing_add": (
        get(PLAN, lambda w: {"phase_pk": w.phase.pk}),
        post(PLAN_POST, lambda w: {"phase_pk": w.phase.pk}, _sourcing_form),
    ),
    "roadmap:sourcing_choose": (
        get(PLAN, pk("option")),
        post(PLAN_POST, pk("option"), lambda w: {"rationale": "Knows the sector"}),
    ),
    "roadmap:finding_milestone": (
        # The partner conducts the finding's audit, and is refused all the same.
        get(PLAN, pk("finding")),
        get(UNKNOWN_FINDING, lambda w: {"pk": 999999}, label="unknown"),
        post(PLAN_POST, pk("finding"), _finding_milestone_form),
    ),
    "roadmap:feeds": (get(READ),),
    "roadmap:feed_issue": (
        post(ISSUE_OWN, label="mine"),
        post(PLAN_POST, data=lambda w: {"roadmap": w.roadmap.pk}, label="roadmap"),
    ),
    "roadmap:feed_revoke": (
        post(REVOKE_OTHERS, pk("roadmap_token"), label="roadmap"),
        post(REVOKE_OTHERS, pk("colleague_token"), label="colleague"),
        post(REVOKE_MINE, pk("member_token"), label="member's"),
        post(expect(404, outsider=403), pk("old_token"), label="revoked"),
    ),
    # The feed needs no login: the token is the secret.
    "roadmap:feed": (
        get(no_login(200), _token("roadmap_token"), label="roadmap"),
        get(no_login(200), _token("colleague_token"), label="user"),
        get(no_login(404), _token(None), label="unknown"),
        get(no_login(404), _token("old_token"), label="revoked"),
    ),
}

# django-allauth, mounted under /accounts/: logging in and out, passwords, e-mail, MFA, sessions.


def _not_a_key(w) -> dict:
    """The lead's TOTP authenticator: nobody's passkey."""
    return {"pk": w.lead_totp.pk}


WRONG_LOGIN = {"login": "owner@example.org", "password": "not the password"}
SIGN_UP = {
    "email": "new@example.org",
    "password1": "A-long-pass-42!",
    "password2": "A-long-pass-42!",
}
# Touching a second factor asks for the password again first (then the page as it is).
REAUTHENTICATE = everyone(302)
# Staff and the lead set up TOTP; the others have none to turn off.
MY_TOTP = expect(404, admin=302, lead=302)

EXPECTED |= {
    "account_login": (
        get(visitors(200)),
        # A wrong password: shown the form again, nothing logged in.
        post(visitors(200), data=lambda w: WRONG_LOGIN),
    ),
    "account_logout": (
        get(everyone(200) | {"deactivated": 302, "anonymous": 302}, to_login=False),
        post(no_login(302), to_login=False),
    ),
    "account_inactive": (get(no_login(200)),),
    # Sign-up is closed (SIGNUP_OPEN): visitors read so, and nobody is created.
    "account_signup": (
        get(visitors(200)),
        post(visitors(200), data=lambda w: SIGN_UP),
    ),
    "account_reauthenticate": (get(everyone(200)), post(everyone(200))),
    # Reauthenticating by a code sent by e-mail: a POST that names no address is shown again.
    "account_request_reauthentication_code": (get(everyone(200)), post(everyone(200))),
    # No code was sent: sent to ask for one.
    "account_confirm_reauthentication_code": (get(everyone(302)), post(everyone(302))),
    "account_email": (get(everyone(200)), post(everyone(302))),
    "account_email_verification_sent": (get(no_login(200)),),
    "account_change_password": (get(everyone(200)), post(everyone(200))),
    # Everyone has a password already: sent to change it.
    "account_set_password": (get(everyone(302)), post(everyone(302))),
    "account_reset_password": (get(no_login(200)), post(no_login(200))),
    # No code was sent: nothing to confirm.
    "account_confirm_login_code": (get(everyone(302)), post(everyone(302))),
    "account_confirm_email": (
        get(no_login(200), lambda w: {"key": "no-such-key"}),
        post(no_login(404), lambda w: {"key": "no-such-key"}),
    ),
    "account_reset_password_from_key_done": (get(no_login(200)),),
    "account_reset_password_from_key": (
        get(no_login(200), lambda w: {"uidb36": "1", "key": "no-such-key"}),
        post(no_login(200), lambda w: {"uidb36": "1", "key": "no-such-key"}),
    ),
    "account_reset_password_done": (get(no_login(200)),),
    "mfa_index": (get(everyone(200)),),
    # No login is waiting for its second step.
    "mfa_authenticate": (get(everyone(302)), post(everyone(302))),
    "mfa_reauthenticate": (
        get(expect(302, admin=200, lead=200)),
        post(expect(302, admin=200, lead=200)),
    ),
    "mfa_activate_totp": (
        get(REAUTHENTICATE),
        post(REAUTHENTICATE),
        # Those with TOTP already are sent to turn it off first.
        get(expect(200, admin=302, lead=302), fresh=True, label="fresh"),
    ),
    "mfa_deactivate_totp": (
        get(MY_TOTP),
        post(MY_TOTP),
        get(expect(404, admin=200, lead=200), fresh=True, label="fresh"),
    ),
    # Nobody generated recovery codes.
    "mfa_view_recovery_codes": (get(everyone(404)),),
    "mfa_generate_recovery_codes": (
        get(REAUTHENTICATE),
        post(REAUTHENTICATE),
        get(everyone(200), fresh=True, label="fresh"),
    ),
    "mfa_download_recovery_codes": (get(everyone(404)),),
    "mfa_list_webauthn": (get(everyone(200)),),
    "mfa_add_webauthn": (get(REAUTHENTICATE), post(REAUTHENTICATE)),
    "mfa_reauthenticate_webauthn": (get(REAUTHENTICATE), post(REAUTHENTICATE)),
    # Someone else's authenticator (and not a passkey): 404 for all, the lead included.
    "mfa_remove_webauthn": (
        get(REAUTHENTICATE, _not_a_key),
        post(REAUTHENTICATE, _not_a_key),
        get(everyone(404), _not_a_key, fresh=True, label="fresh"),
        post(everyone(404), _not_a_key, fresh=True, label="fresh"),
    ),
    "mfa_edit_webauthn": (
        get(REAUTHENTICATE, _not_a_key),
        post(REAUTHENTICATE, _not_a_key),
        get(everyone(404), _not_a_key, fresh=True, label="fresh"),
        post(everyone(404), _not_a_key, fresh=True, label="fresh"),
    ),
    "usersessions_list": (get(everyone(200)), post(everyone(302))),
}


def _member_api_token(w) -> dict:
    """A personal API token of the member's: only they revoke it from their profile."""
    token = account_services.api_token_create(
        actor=w.member_person.user,
        user=w.member_person.user,
        kind="personal",
        name="Matrix",
        scopes=["read"],
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    return {"pk": token.pk}


# Personal API tokens (accounts/views.py); the API itself is tests/api/test_api_matrix.py's.
EXPECTED |= {
    # An empty form comes back with its errors; nothing is made.
    "api_tokens": (get(everyone(200)), post(everyone(200))),
    "api_token_revoke": (post(expect(404, member=302), _member_api_token),),
    # The API's documentation pages (core/rest/docs.py): anyone signed in, as the browsable API.
    "api_docs": (get(everyone(200)),),
    "api_redoc": (get(everyone(200)),),
}


# The type-ahead pickers' matches (core/views.py): people and channels to those taking part, who
# fill the forms offering them; teams and the channel list's owner filter to everyone. An
# unknown source is a page that does not exist, and so is one its rule refuses.
CHOOSES = expect(200, auditor=404, outsider=404)


def _source(key: str) -> Callable:
    return lambda w: {"source": key}


EXPECTED |= {
    "core:pick": (
        get(CHOOSES, _source("people.active"), label="people.active", query="?q=a&selected=1"),
        get(CHOOSES, _source("people.current"), label="people.current", query="?optional=1"),
        get(CHOOSES, _source("people.all"), label="people.all"),
        get(CHOOSES, _source("channels.open"), label="channels.open", query="?q=x"),
        get(everyone(200), _source("people.owners"), label="people.owners"),
        get(everyone(200), _source("teams"), label="teams"),
        get(CHOOSES, _source("users.taking_part"), label="users.taking_part", query="?q=a"),
        get(everyone(404), _source("nobody.knows"), label="unknown source"),
    ),
}

# Single sign-on (accounts/sso/): allauth's social account pages and its OpenID Connect and SAML
# endpoints. The world's providers are disabled, so their endpoints answer 404 as an unknown
# provider's do; signing in through enabled ones is walked in tests/accounts/sso/test_sso_*.py and
# in Chromium against real identity providers (tests/browser/test_sso.py).


def _oidc(w) -> dict:
    return {"provider_id": w.oidc_provider.slug}


def _saml(w) -> dict:
    return {"organization_slug": w.saml_provider.slug}


EXPECTED |= {
    "socialaccount_login_cancelled": (get(no_login(200)),),
    # allauth answers its failure page with 401 Unauthorized.
    "socialaccount_login_error": (get(no_login(401)),),
    # No sign-in waits for a sign-up form (a first sign-in creates the account or is refused):
    # sent to log in.
    "socialaccount_signup": (
        get(no_login(302), anyone_to_login=True),
        post(no_login(302), anyone_to_login=True),
    ),
    # Nobody has a provider link to remove: the form comes back with its error.
    "socialaccount_connections": (get(everyone(200)), post(everyone(200))),
    "openid_connect_login": (get(no_login(404), _oidc, label="disabled"),),
    "openid_connect_callback": (get(no_login(404), _oidc, label="disabled"),),
    "saml_login": (get(no_login(404), _saml, label="disabled"),),
    "saml_acs": (get(no_login(302), _saml, label="disabled", to_login=False),),
    "saml_finish_acs": (get(no_login(404), _saml, label="disabled"),),
    "saml_sls": (get(no_login(404), _saml, label="disabled"),),
    "saml_metadata": (get(no_login(404), _saml, label="disabled"),),
}

# SCIM 2.0 (governance/provisioning/): only a SCIM bearer token gets in; a session, whoever's, gets the
# SCIM 401 (tests/governance/provisioning/test_scim_tokens.py has the token's side).
SCIM_ONLY = no_login(401)
_SCIM_ID = "9f3c2f4e-0d7b-4e4a-9d7e-3b1f0c2a5e61"

EXPECTED |= {
    "scim:root": (get(SCIM_ONLY), post(SCIM_ONLY)),
    "scim:config": (get(SCIM_ONLY),),
    "scim:resource_types": (get(SCIM_ONLY),),
    "scim:resource_type": (get(SCIM_ONLY, lambda w: {"pk": "User"}),),
    "scim:schemas": (get(SCIM_ONLY),),
    "scim:schema": (
        get(SCIM_ONLY, lambda w: {"pk": "urn:ietf:params:scim:schemas:core:2.0:User"}),
    ),
    "scim:users": (get(SCIM_ONLY), post(SCIM_ONLY)),
    "scim:user_search": (post(SCIM_ONLY),),
    "scim:user": (get(SCIM_ONLY, lambda w: {"pk": _SCIM_ID}),),
    "scim:groups": (get(SCIM_ONLY), post(SCIM_ONLY)),
    "scim:group_search": (post(SCIM_ONLY),),
    "scim:group": (get(SCIM_ONLY, lambda w: {"pk": _SCIM_ID}),),
    "scim:search": (post(SCIM_ONLY),),
    "scim:unknown": (
        get(SCIM_ONLY, lambda w: {"rest": "Nothing"}),
        post(SCIM_ONLY, lambda w: {"rest": "Nothing"}),
    ),
}

# URLs of the resolver that the table leaves out, and why.
IGNORED = {
    "healthz": "liveness probe without login; tests/config/test_healthz.py covers it",
    "set_language": "Django's language switch, the same for everyone; no data behind it",
}


# The world: one object of each kind, made through the services.


def _open_campaign(lead, name: str, team) -> object:
    review = governance_services.review_create(
        actor=lead, name=name, due_on=TODAY + dt.timedelta(days=14), scope_team=team
    )
    return governance_services.review_open(actor=lead, review=review)


def _published(lead, title, *, kind=PolicyKind.SOCIAL_MEDIA_POLICY, body="Be kind.", **kwargs):
    policy = governance_services.policy_create(
        actor=lead, title=title, kind=kind, body=body, **kwargs
    )
    governance_services.policy_version_publish(actor=lead, version=policy.versions.get())
    policy.refresh_from_db()
    return policy


def _governance(p, w) -> None:
    """The owner's channel, a grant on it and one being revoked, the member's pending request,
    an off-boarding whose only task is the owner's (tests/governance/test_pages.py)."""
    lead = p.lead
    w.channel = ChannelFactory(name="Acme FR", business_owner=p.owner.person)
    w.open_channel = ChannelFactory(name="Acme Open")
    w.holder = PersonFactory(first_name="Hugo", last_name="Holder", email="hugo.h@example.org")
    w.newcomer = PersonFactory(first_name="Nina", last_name="Newcomer")
    w.grant = GrantFactory(channel=w.channel, person=w.holder)
    w.revoking = GrantFactory(channel=w.channel, person=PersonFactory(last_name="Going"))
    governance_services.grant_revoke(actor=lead, grant=w.revoking)
    w.access_request = governance_services.request_create(
        actor=p.member,
        channel=w.channel,
        person=p.member.person,
        role=_publish_role(),
        reason="Runs the campaign",
    )
    leaver = PersonFactory(first_name="Lea", last_name="Leaver")
    GrantFactory(channel=w.channel, person=leaver)
    w.offboarding = governance_services.offboarding_start(
        actor=lead, person=leaver, last_day=TODAY + dt.timedelta(days=10)
    )
    w.task = w.offboarding.tasks.get()
    assert w.task.assignee == p.owner
    _chats(p, w)


SLACK = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general"


def _chats(p, w) -> None:
    """A team whose chat is set, and the lead's own chat URL (both to remove; the lead is the
    one the browser's form test opens the preferences page as)."""
    w.team = TeamFactory(name="Social")
    governance_services.chat_destination_set(actor=p.lead, team=w.team, url=SLACK)
    governance_services.chat_destination_set(actor=p.lead, user=p.lead, url=SLACK)


def _reconciliation(p, w) -> None:
    """The owner's drift channel, read once: an unknown person, a leaver, a revoked grant and
    an analyst seen as admin, and a holder nobody matched (tests/governance/reconciliation/)."""
    w.drift_channel = channel = ChannelFactory(name="Acme Drift", business_owner=p.owner.person)
    GrantFactory(channel=channel, person=p.owner.person, role=role("facebook", "admin"))
    unknown = PersonFactory(first_name="Una", last_name="Unknown")
    leaver = PersonFactory(first_name="Leo", last_name="Gone", status="left", end_date=TODAY)
    GrantFactory(channel=channel, person=leaver)
    revoked = GrantFactory(channel=channel)
    governance_services.grant_revoke(actor=p.lead, grant=revoked)
    governance_services.grant_confirm_revocation(actor=p.lead, grant=revoked, evidence="Gone")
    analyst = GrantFactory(channel=channel, role=role("facebook", "analyse"))
    holders = [
        SeenHolder(person.full_name, "Full control (admin)", email=person.email)
        for person in (p.owner.person, unknown, leaver, revoked.person, analyst.person)
    ]
    holders.append(SeenHolder("Nameless Bot", "Full control (admin)", external_id="42"))
    now = timezone.now()
    observation = observation_record(
        actor=p.lead, channel=channel, reading=Reading(now, tuple(holders), "file"), now=now
    )
    findings = DriftFinding.objects.filter(channel=channel)
    w.unknown_finding = findings.get(kind="unknown_holder", person=unknown)
    w.gone_finding = findings.get(kind="holder_gone", person=leaver)
    w.revoked_finding = findings.get(kind="revoked_present", person=revoked.person)
    w.higher_finding = findings.get(kind="role_higher", person=analyst.person)
    w.nameless = observation.holders.get(external_id="42")


def _reviews(p, w) -> None:
    """Campaigns over one team's channels, two of them the owner's: a closed one, an open one
    whose item the owner reviews, a draft (tests/governance/test_review_pages.py)."""
    team = TeamFactory(name="Reviewed")
    one = ChannelFactory(name="Acme Owner One", team=team, business_owner=p.owner.person)
    two = ChannelFactory(name="Acme Owner Two", team=team, business_owner=p.owner.person)
    orphan = ChannelFactory(name="Acme Orphan", team=team)
    for channel in (one, one, two, orphan):
        GrantFactory(channel=channel, person=PersonFactory())
    w.closed = _open_campaign(p.lead, "Spring review", team)
    decided = w.closed.items.filter(reviewer=p.owner).first()
    governance_services.review_item_decide(
        actor=p.owner, item=decided, decision="revoke", comment="Left the project"
    )
    governance_services.review_close(actor=p.lead, review=w.closed)
    w.open = _open_campaign(p.lead, "Summer review", team)
    w.draft = governance_services.review_create(
        actor=p.lead, name="Autumn review", due_on=TODAY + dt.timedelta(days=14)
    )
    w.owner_item = w.open.items.filter(reviewer=p.owner).first()
    w.lead_item = w.open.items.filter(reviewer=p.lead).first()
    w.remediation = Task.objects.get(review_item=decided)
    assert w.remediation.assignee == p.owner
    assert w.owner_item is not None and w.lead_item is not None


def _policies(p, w) -> None:
    """A published policy of the owner with a draft v2; a draft-only crisis plan of the owner
    with a contact; an archived policy; a published crisis plan with one contact
    (tests/governance/test_policy_pages.py)."""
    lead = p.lead
    w.elsewhere = elsewhere = ChannelFactory(name="Elsewhere")
    for persona in ("owner", "member", "partner"):
        GrantFactory(channel=elsewhere, person=getattr(p, persona).person)
    w.held_grant = elsewhere.grants.get(person=p.member.person)
    w.policy = _published(
        lead, "Social media policy", body="# Rules\n\nBe kind.\n", owner=p.owner.person
    )
    governance_services.policy_version_draft(
        actor=lead, policy=w.policy, body="# Rules\n\nBe kind and careful.\n", summary="Careful"
    )
    w.hidden = governance_services.policy_create(
        actor=lead,
        title="Crisis plan in writing",
        kind=PolicyKind.CRISIS_PLAN,
        body="Draft",
        owner=p.owner.person,
    )
    w.hidden_contact = governance_services.crisis_contact_add(
        actor=lead, policy=w.hidden, channel=elsewhere, position=1, name="Draft", phone="+33 1"
    )
    w.archived = _published(lead, "Old guidelines", kind=PolicyKind.OTHER)
    governance_services.policy_archive(actor=lead, policy=w.archived)
    w.plan = _published(lead, "Crisis plan", kind=PolicyKind.CRISIS_PLAN, body="Call us.")
    w.contact = governance_services.crisis_contact_add(
        actor=lead, policy=w.plan, position=1, name="Crisis agency", phone="+33 1 23 45 67 89"
    )


def _audits(p, w) -> None:
    """The owner's channel in three audits: one completed and one draft conducted by the
    partner, one in progress (scored) conducted by the lead; a finding, a peer with a metric
    (tests/audits/test_pages.py)."""
    lead, consultant = p.lead, p.partner.person
    threads = Platform.objects.get(slug="threads")
    w.second_channel = ChannelFactory(name="Acme Threads", platform=threads)
    on = TODAY - dt.timedelta(days=365)
    w.done = make_audit(
        lead, [w.channel], on, "completed", 3, auditor=consultant, title="Last year"
    )
    on = TODAY - dt.timedelta(days=30)
    w.other = make_audit(lead, [w.channel], on, score=4, auditor=lead.person, title="Lead's")
    w.audit = make_audit(
        lead, [w.channel, w.second_channel], TODAY, "draft", auditor=consultant, title="Spring"
    )
    w.assessment = w.audit.assessments.get(channel=w.channel)
    w.other_assessment = w.other.assessments.get()
    w.done_assessment = w.done.assessments.get()
    w.finding = audit_services.finding_save(
        actor=lead,
        audit=w.audit,
        channels=[w.channel],
        severity="high",
        observed="No backup owner",
        recommendation="Name one",
        status="open",
    )
    w.peer = audit_services.peer_save(actor=lead, name="Other museum", website="", notes="")
    audit_services.peer_metric_add(
        actor=lead,
        peer=w.peer,
        platform=Platform.objects.get(slug="facebook"),
        followers=5000,
        handle="other",
    )
    w.criterion = _criteria()[0]


def _roadmap(p, w) -> None:
    """Two objectives; a roadmap whose first phase has the member's milestone and an agency
    option; its feed, a revoked one, the member's and a colleague's (tests/roadmap/test_pages.py)."""
    lead = p.lead
    dates = {
        "baseline_on": TODAY - dt.timedelta(days=60),
        "deadline": TODAY + dt.timedelta(days=180),
    }
    w.objective = make_objective(lead, "Grow the audience", baseline=1000, target=2000, **dates)
    w.second_objective = make_objective(lead, "Answer faster", baseline=48, target=12, **dates)
    w.roadmap = roadmap_services.roadmap_create(
        actor=lead,
        name="Year one",
        starts_on=TODAY - dt.timedelta(days=10),
        template="time_windows",
    )
    w.phase = w.roadmap.phases.order_by("order").first()
    w.milestone = roadmap_services.milestone_save(
        actor=lead,
        phase=w.phase,
        title="Launch",
        owner=p.member.person,
        status="planned",
        due_on=TODAY + dt.timedelta(days=20),
        objective=w.objective,
    )
    w.option = roadmap_services.sourcing_option_save(
        actor=lead,
        phase=w.phase,
        kind="agency",
        label="Agency A",
        partner=p.partner.person.partner,
        hourly_rate=None,
        hours_per_month=None,
        monthly_fee=Decimal(1500),
    )
    w.old_token = roadmap_services.calendar_token_issue(actor=lead, roadmap=w.roadmap)
    w.roadmap_token = roadmap_services.calendar_token_issue(actor=lead, roadmap=w.roadmap)
    colleague = UserFactory(email="colleague@example.org", roles=[roles.TEAM_MEMBER])
    w.colleague_token = roadmap_services.calendar_token_issue(actor=colleague, user=colleague)
    w.member_token = roadmap_services.calendar_token_issue(actor=p.member, user=p.member)


@pytest.fixture(autouse=True)
def _asking(settings):
    """The same requests are asked by every persona: allauth's rate limits would answer some of
    them instead of the rules. The cache is kept (the header's My tasks count, computed once per
    persona: the history does not move while the test's transaction is open), and so is each
    persona's session (`_session_of`)."""
    settings.ACCOUNT_RATE_LIMITS = False
    _sessions.clear()
    yield
    _sessions.clear()


@pytest.fixture
def world(personas):
    return build_world(personas)


def _identity(w) -> None:
    w.oidc_provider = identity_services.sign_in_provider_create(
        actor=None,
        name="Entra ID",
        slug="entra",
        protocol="openid_connect",
        client_id="gouvernail",
        secret="s3cret",
        settings={"server_url": "https://login.example.test/tenant/v2.0"},
        enabled=False,
    )
    w.saml_provider = identity_services.sign_in_provider_create(
        actor=None, name="Workspace", slug="workspace", protocol="saml", enabled=False
    )


def _connectors(w) -> None:
    from governance.reconciliation import services_credentials

    now = timezone.now()
    w.connector_credential = services_credentials.connector_credential_create(
        actor=None,
        connector="meta",
        label="Acme business portfolio",
        secrets={"access_token": "EAAtoken", "business_id": "201548330912"},
        now=now,
    )
    w.channel_source = services_credentials.channel_source_create(
        actor=None,
        channel=w.channel,
        credential=w.connector_credential,
        asset_id="104958162837",
        now=now,
        active=False,
    )
    # The drift channel is read through Meta too: its Platform tab offers "Sync now" (the browser
    # form test plays an answer of Meta's for it: tests/browser/test_every_form.py).
    w.drift_source = services_credentials.channel_source_create(
        actor=None,
        channel=w.drift_channel,
        credential=w.connector_credential,
        asset_id="104958162837",
        now=now,
    )


def _shown_in_the_admin_only(p, w) -> None:
    """Rows no page of the table names but the admin lists: the day's risk snapshot, the
    member's digest preference (as the defaults would have it)."""
    registry_services.risk_snapshot_take(day=TODAY)
    w.preference = governance_services.reminder_preference_set(actor=p.member, frequency="daily")


def build_world(personas) -> SimpleNamespace:
    """One object of each kind the URLs take, made through the services as the apps make them.

    The browser form test (tests/browser/test_every_form.py) opens its pages in Chromium."""
    w = SimpleNamespace(
        lead=personas.lead,
        lead_totp=Authenticator.objects.get(user=personas.lead, type=Authenticator.Type.TOTP),
        owner_person=personas.owner.person,
        member_person=personas.member.person,
    )
    _governance(personas, w)
    _reconciliation(personas, w)
    _reviews(personas, w)
    _policies(personas, w)
    _audits(personas, w)
    _roadmap(personas, w)
    _identity(w)
    _connectors(w)
    _shown_in_the_admin_only(personas, w)
    return w


# Asking: one persona, one row, in a savepoint rolled back afterwards.

PROJECT_APPS = ("accounts", "channels_registry", "governance", "audits", "roadmap")


def _tables() -> list[str]:
    return sorted(
        {
            model._meta.db_table
            for app in PROJECT_APPS
            for model in apps.get_app_config(app).get_models(include_auto_created=True)
        }
    )


def _fingerprint() -> dict[str, int]:
    """The number of rows of every table of the project, its history included, in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


@dataclass
class Answer:
    status: int
    location: str
    changed: dict[str, tuple[int, int]]  # table -> (rows before, rows after)
    error: str

    @property
    def wrote_history(self) -> bool:
        return ObjectChange._meta.db_table in self.changed


_sessions: dict[tuple[int, bool], str] = {}  # (user, fresh) -> session key, for one test


def _session_of(user, fresh: bool) -> str:
    """The user's session (just reauthenticated when `fresh`), opened once per test outside the
    savepoints: every request starts from it as it was, whatever the one before did to it."""
    if (user.pk, fresh) not in _sessions:
        client = Client()
        client.force_login(user)
        if fresh:
            reauthenticated(client, user)
        _sessions[user.pk, fresh] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return _sessions[user.pk, fresh]


def _ask(user, method: str, url: str, data: dict | None = None, *, fresh=False) -> Answer:
    """One request of `user` (None: anonymous), in a savepoint that is rolled back after it."""
    client = client_with_login_page_token(raise_request_exception=False)
    if user is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = _session_of(user, fresh)
    with transaction.atomic():
        before = _fingerprint()
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        after = _fingerprint()
        transaction.set_rollback(True)
    changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    error = repr(response.exc_info[1]) if getattr(response, "exc_info", None) else ""
    return Answer(response.status_code, response.get("Location", ""), changed, error)


def _user(personas, persona: str):
    return None if persona == "anonymous" else getattr(personas, persona)


def _login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def _area(url_name: str) -> str:
    """The rows are checked an area at a time: one world for many rows keeps the run short."""
    return url_name.split(":")[0] if ":" in url_name else "accounts"


def _problems(url_name: str, row: Row, persona: str, answer: Answer) -> list[str]:
    """What is wrong with one answer: its status, where it leads, what it changed."""
    problems = []
    expected = row.expected[persona]
    logged_out = persona in LOGGED_OUT
    if answer.status != expected:
        detail = f" -> {answer.location}" if answer.location else ""
        detail += f" ({answer.error})" if answer.error else ""
        problems.append(f"{answer.status}, expected {expected}{detail}")
    if answer.status == 302:
        to_login = answer.location.startswith(_login_url())
        if logged_out and row.to_login and not to_login:
            problems.append(f"sent to {answer.location}, not to the login page")
        if not logged_out and to_login and not row.anyone_to_login:
            problems.append(f"logged in, yet sent to the login page ({answer.location})")
    refused = answer.status in (403, 404, 405) or logged_out
    if answer.changed and (refused or row.method == "get" or answer.status == 200):
        what = "refused" if refused else "answered" if row.method == "get" else "shown again"
        problems.append(f"{what}, yet changed {answer.changed}")
    # An accepted write of the project's own pages goes through a service, which writes history.
    accepted = row.method == "post" and answer.status == 302 and not logged_out
    ours = _area(url_name) != "accounts" and persona not in row.quiet
    if accepted and ours and not answer.wrote_history:
        problems.append("accepted, yet no history row was written")
    return [f"{persona}: {problem}" for problem in problems]


def _check_row(personas, world, url_name: str, row: Row) -> list[str]:
    assert set(row.expected) == set(PERSONAS), f"{url_name}: one status per persona"
    url = reverse(url_name, kwargs=row.kwargs(world)) + row.query
    problems = []
    for persona in PERSONAS:
        data = row.data(world) if row.data else None
        answer = _ask(_user(personas, persona), row.method, url, data, fresh=row.fresh)
        problems += _problems(url_name, row, persona, answer)
    label = f" ({row.label})" if row.label else ""
    return [f"{url_name}{label} {row.method.upper()} {url}: {p}" for p in problems]


AREAS = sorted({_area(name) for name in EXPECTED})


# Not named `page`: that is pytest-playwright's fixture, and would pull Chromium in.
@pytest.mark.parametrize("area", AREAS)
def test_each_url_answers_each_persona_as_designed(personas, world, area):
    problems = []
    for url_name, rows in EXPECTED.items():
        if _area(url_name) == area:
            for row in rows:
                problems += _check_row(personas, world, url_name, row)
    assert not problems, "\n".join(problems)


# The table covers every URL, and every method each view accepts.


def _walk(resolver, prefix: str = "", namespaces: tuple[str, ...] = ()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield prefix + str(pattern.pattern), namespaces, name, pattern


# Helpers Django adds for static and media files in development; none is mounted in tests.
STATIC_VIEWS = ("django.views.static", "django.contrib.staticfiles.views")


def _project_urls() -> list[tuple[str, str | None, URLPattern]]:
    """Every URL of the resolver but the admin's (checked generically below)."""
    return [
        (route, name, pattern)
        for route, namespaces, name, pattern in _walk(get_resolver())
        if namespaces[:1] not in (("admin",), ("api",))  # the API: tests/api/test_api_matrix.py
        and pattern.callback.__module__ not in STATIC_VIEWS
    ]


def test_every_url_is_in_the_table():
    urls = _project_urls()
    assert [route for route, name, _ in urls if name is None] == [], "every URL needs a name"
    found = {name for _, name, _ in urls}
    assert set(IGNORED) <= found, f"ignored, but gone: {set(IGNORED) - found}"
    missing = found - set(IGNORED) - set(EXPECTED)
    stale = set(EXPECTED) - found
    assert not missing, f"URLs without a row in EXPECTED: {sorted(missing)}"
    assert not stale, f"rows of URLs that are gone: {sorted(stale)}"
    assert {tab.key for tab in channel_tabs} == set(TABS), "a channel tab without a row"


def _accepted_methods(callback) -> set[str] | None:
    """GET and/or POST, as the view declares them; None for a function view that declares
    nothing (it answers any method as it answers GET: see the test below)."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {
            method
            for method in ("get", "post")
            if method in view_class.http_method_names and hasattr(view_class, method)
        }
    function = callback
    while function is not None:
        code = getattr(function, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = function.__closure__[code.co_freevars.index("request_method_list")]
            return {method.lower() for method in cell.cell_contents} & {"get", "post"}
        function = getattr(function, "__wrapped__", None)
    return None


def _callbacks() -> dict[str, Callable]:
    return {name: pattern.callback for _, name, pattern in _project_urls()}


def test_every_method_a_view_accepts_has_a_row():
    callbacks = _callbacks()
    wrong = {}
    for url_name, rows in EXPECTED.items():
        accepted = _accepted_methods(callbacks[url_name]) or {"get"}
        tested = {row.method for row in rows}
        if accepted != tested:
            wrong[url_name] = {"accepted": sorted(accepted), "rows": sorted(tested)}
    assert not wrong, wrong


def test_read_views_answer_a_post_as_their_get_and_change_nothing(personas, world):
    """A view of the project that declares no method is a read view: a POST is answered as the
    GET of its row, and writes nothing."""
    callbacks = _callbacks()
    problems = []
    for url_name, rows in EXPECTED.items():
        callback = callbacks[url_name]
        if callback.__module__.split(".")[0] not in PROJECT_APPS:
            continue
        if _accepted_methods(callback) is not None:
            continue
        for row in rows:
            url = reverse(url_name, kwargs=row.kwargs(world)) + row.query
            for persona in ("lead", "member", "anonymous"):
                answer = _ask(_user(personas, persona), "post", url, {"name": "x"})
                if answer.status != row.expected[persona] or answer.changed:
                    problems.append(f"{url_name} POST {url}: {persona}: {answer}")
    assert not problems, "\n".join(problems)


# The admin: only staff get in, and what it saves goes through the services.

# Registered models whose add page the admin offers (the others refuse with 403): the project's
# through ServiceAdmin, and the third-party admins of Django and allauth.
ADMIN_ADD_PAGES = {
    "accounts.team",
    "accounts.partner",
    "accounts.person",
    "accounts.user",
    "channels_registry.platform",
    "channels_registry.platformrole",
    "channels_registry.channel",
    "audits.criterion",
    "accounts.signinprovider",
    "accounts.groupmapping",
    "governance.scimtoken",
    "governance.connectorcredential",
    "governance.channelsource",
    "accounts.apitoken",
    "webhooks.webhookendpoint",
    "governance.chatdestination",
}


def _admin_sample() -> list[tuple[str, int]]:
    """The admin's index, then each registered model's list and add page, and the change page
    of its first object in the world (where its inlines show), with the status the staff
    persona gets: a model shown only answers its change page too, read-only."""
    sample = [(reverse("admin:index"), 200)]
    for model in admin.site._registry:
        app_label, model_name = model._meta.app_label, model._meta.model_name
        add = 200 if f"{app_label}.{model_name}" in ADMIN_ADD_PAGES else 403
        sample.append((reverse(f"admin:{app_label}_{model_name}_changelist"), 200))
        sample.append((reverse(f"admin:{app_label}_{model_name}_add"), add))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            change = reverse(f"admin:{app_label}_{model_name}_change", args=[first.pk])
            sample.append((change, 200))
    return sample


def test_only_staff_get_into_the_admin(personas, world):
    admin_login = reverse("admin:login")
    problems = []
    for url, staff_status in _admin_sample():
        for persona in PERSONAS:
            answer = _ask(_user(personas, persona), "get", url)
            if persona == "admin":
                ok = answer.status == staff_status
            else:
                # Everyone else is sent to the admin's login, which sends them on (below).
                ok = answer.status == 302 and answer.location.startswith(admin_login)
            if not ok or answer.changed or answer.error:
                problems.append(f"{url}: {persona}: {answer}")
    assert not problems, "\n".join(problems)


def test_the_admin_login_lets_only_staff_through(personas):
    # allauth's secure_admin_login (config/urls.py): logging in goes through the site's login
    # (and its MFA); a non-staff user is refused.
    url = reverse("admin:login")
    expected = {"admin": 302, "anonymous": 302, "deactivated": 302} | {
        persona: 403 for persona in (*ACTIVE, "lead_auditor") if persona != "admin"
    }
    for persona in PERSONAS:
        answer = _ask(_user(personas, persona), "get", url)
        assert answer.status == expected[persona], (persona, answer)
        if persona == "admin":
            assert answer.location == reverse("admin:index")
        elif persona in LOGGED_OUT:
            assert answer.location.startswith(_login_url())


def _team_form() -> dict:
    return {"name": "Communication", "description": "Press and posts", "lead": ""}


def _criterion_form_of(criterion: Criterion, weight: int) -> dict:
    return {
        "name": criterion.name,
        "description": criterion.description,
        "weight": weight,
        "order": criterion.order,
        "active": "on",
    }


def test_non_staff_admin_writes_change_nothing(personas):
    criterion = _criteria()[0]
    writes = (
        (reverse("admin:accounts_team_add"), _team_form()),
        (
            reverse("admin:audits_criterion_change", args=[criterion.pk]),
            _criterion_form_of(criterion, criterion.weight + 5),
        ),
    )
    for persona in PERSONAS:
        if persona == "admin":
            continue
        for url, data in writes:
            answer = _ask(_user(personas, persona), "post", url, data)
            assert answer.status == 302, (persona, url, answer)
            assert answer.location.startswith(reverse("admin:login")), (persona, answer)
            assert not answer.changed, (persona, url, answer)


def test_admin_saves_go_through_the_services_and_are_recorded(client, personas):
    client.force_login(personas.admin)
    response = client.post(reverse("admin:accounts_team_add"), _team_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    team = Team.objects.get(name="Communication")
    entry = ObjectChange.objects.for_object(team).get()
    assert (entry.action, entry.actor) == ("create", personas.admin)

    criterion = _criteria()[0]
    url = reverse("admin:audits_criterion_change", args=[criterion.pk])
    old = criterion.weight
    response = client.post(url, _criterion_form_of(criterion, old + 5))
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ObjectChange.objects.for_object(criterion).get()
    assert (entry.action, entry.actor) == ("update", personas.admin)
    assert entry.changes == {"weight": [old, old + 5]}


def test_every_admin_that_writes_goes_through_the_services(personas):
    """An admin may add or change a model only through a ServiceAdmin, whose saves call the
    services (which write history); the others only show. Nothing is deleted in the admin."""
    request = RequestFactory().get(reverse("admin:index"))
    request.user = personas.admin
    wrong = {}
    for model, model_admin in admin.site._registry.items():
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        may = {
            "add": model_admin.has_add_permission(request),
            "change": model_admin.has_change_permission(request),
            "delete": model_admin.has_delete_permission(request),
        }
        if not isinstance(model_admin, ServiceAdmin) and any(may.values()):
            writes = ", ".join(action for action, allowed in may.items() if allowed)
            wrong[label] = f"{writes} without the services ({type(model_admin).__module__})"
        elif may["delete"]:
            wrong[label] = "deletes"
        elif isinstance(model_admin, ServiceAdmin) and type(model_admin).save_model is (
            ServiceAdmin.save_model
        ):
            # ServiceAdmin.save_model calls create() and update(): both must be the model's.
            if may["add"] and type(model_admin).create is ServiceAdmin.create:
                wrong[label] = "adds without a create service"
            if may["change"] and type(model_admin).update is ServiceAdmin.update:
                wrong[label] = "changes without an update service"
    assert not wrong, wrong


def test_the_admin_never_shows_a_second_factor_secret(client, personas):
    """Like the calendar tokens (roadmap/admin.py), a secret is not shown, even to staff: the
    TOTP secret of a user would let whoever reads it pass their second factor."""
    totp = Authenticator.objects.get(user=personas.lead, type=Authenticator.Type.TOTP)
    secret = totp.data["secret"]
    client.force_login(personas.admin)
    for url in (
        reverse("admin:mfa_authenticator_changelist"),
        reverse("admin:mfa_authenticator_change", args=[totp.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert secret not in response.content.decode(), f"{url} shows the lead's TOTP secret"
