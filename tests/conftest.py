"""Fixtures shared by the whole suite: fixed personas, a clean cache, Chromium for Playwright."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from accounts import roles
from accounts.choices import PersonKind
from tests.factories import PartnerFactory, PersonFactory, UserFactory, give_totp
from tests.services import CHROMIUM
from tests.support.csrf import BrowserClient

# Fault tests' own Redis and PostgreSQL servers (fixtures redis_server, postgres_server), and
# mail server (smtp_server); the SSO tests' real identity providers (oidc_provider, saml_idp).
pytest_plugins = [
    "tests.support.servers",
    "tests.support.smtp",
    "tests.support.oidc_provider.fixture",
    "tests.support.saml_idp.fixture",
]

CLOCK_SHIFT = "GOUVERNAIL_CLOCK_SHIFT_DAYS"


def pytest_configure(config):
    _own_redis_db()
    _shift_clock(config)


def _own_redis_db() -> None:
    """Each pytest-xdist worker (`make test`) uses a Redis db of its own: REDIS_URL's db number
    plus the worker's (gw1 of redis://…/12 uses /13), so a test that purges the Celery queue
    cannot empty another worker's. pytest-django gives each worker its own test database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("REDIS_URL", "")
    if not worker.startswith("gw") or not url:
        return
    parts = urlsplit(url)
    db = (int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))) % 16
    url = urlunsplit(parts._replace(path=f"/{db}"))
    os.environ["REDIS_URL"] = url  # tests.services.redis_url() and the workers tests start
    # The settings were read before this file: they follow too.
    settings.REDIS_URL = settings.CELERY_BROKER_URL = url


def _shift_clock(config) -> None:
    """`GOUVERNAIL_CLOCK_SHIFT_DAYS=400 make test` runs the suite on a later day.

    The clock moves before any test module is imported (some compute dates at import) and keeps
    ticking. Only this process travels: a worker, server or browser a test starts keeps the
    real date, so the shifted pass leaves the `worker` and `browser` tests out (see the README).
    """
    days = os.environ.get(CLOCK_SHIFT)
    if days:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=int(days))
        traveller = time_machine.travel(later, tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    days = os.environ.get(CLOCK_SHIFT)
    return f"clock moved {days} days ahead: today is {dt.date.today()}" if days else None


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and the dashboard's kept counts live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request in French leaves French active in this thread (the locale middleware activates,
    # never deactivates): the next test's services would speak it.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def client():
    """Posts as a browser does: enforcing CSRF, with the token a page gave (not pytest-django's)."""
    return BrowserClient()


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    from config.celery import app

    app.conf.task_always_eager = True
    yield


# Reference data that migrations seed; a transactional test's flush removes it.
REFERENCE_DATA = (
    ("accounts.migrations.0002_role_groups", "create_groups"),
    ("channels_registry.migrations.0002_seed_platforms", "seed"),
    ("channels_registry.migrations.0004_connector_roles", "seed"),
    ("audits.migrations.0002_seed_criteria", "seed"),
)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (live_server among them) start with the seeded data again."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if transactional or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        seed_reference_data()
    elif marker is not None:
        # A transactional test that ran before on this worker flushed it away (xdist's work
        # stealing can run a plain test after one): seeded again, inside this test's transaction.
        request.getfixturevalue("db")
        if not _reference_data_present():
            seed_reference_data()
    yield


def _reference_data_present() -> bool:
    from channels_registry.models import Platform

    return Platform.objects.exists()


def seed_reference_data() -> None:
    """What the migrations seed: roles, platforms and their roles, audit criteria."""
    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


@dataclass
class Personas:
    admin: object
    lead: object
    owner: object
    member: object
    auditor: object
    partner: object
    outsider: object
    deactivated: object
    # Governance lead and auditor at once: a lead who also reads (accounts/rules.py).
    lead_auditor: object

    def all(self) -> dict[str, object]:
        return dict(self.__dict__)


PERSONA_NAMES = (
    "admin",
    "lead",
    "owner",
    "member",
    "auditor",
    "partner",
    "outsider",
    "deactivated",
    "lead_auditor",
)


@pytest.fixture
def personas(db) -> Personas:
    return make_personas()


def make_personas() -> Personas:
    """The fixed personas; staff and leads have MFA set up, as the rules require."""
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    lead = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    give_totp(admin)
    give_totp(lead)
    owner = UserFactory(email="owner@example.org", roles=[roles.TEAM_MEMBER])
    member = UserFactory(email="member@example.org", roles=[roles.TEAM_MEMBER])
    auditor = UserFactory(email="auditor@example.org", roles=[roles.AUDITOR])
    partner = UserFactory(email="partner@example.org", roles=[roles.TEAM_MEMBER])
    outsider = UserFactory(email="outsider@example.org")
    deactivated = UserFactory(email="gone@example.org", roles=[roles.TEAM_MEMBER], is_active=False)
    PersonFactory(user=owner, email=owner.email)
    PersonFactory(user=member, email=member.email)
    PersonFactory(user=lead, email=lead.email)
    PersonFactory(
        user=partner,
        email=partner.email,
        kind=PersonKind.AGENCY_STAFF,
        team=None,
        partner=PartnerFactory(),
    )
    # Created last: the plain lead stays the first lead in line (governance/responsibility.py).
    lead_auditor = UserFactory(
        email="lead.auditor@example.org", roles=[roles.GOVERNANCE_LEAD, roles.AUDITOR]
    )
    give_totp(lead_auditor)
    PersonFactory(user=lead_auditor, email=lead_auditor.email)
    return Personas(
        admin, lead, owner, member, auditor, partner, outsider, deactivated, lead_auditor
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's Chromium; it never downloads a browser of its own."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
