"""Builds the demo organisation's people at a chosen size (core.demo), then runs every app's
registered builders to add their part."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from accounts import roles
from accounts.actor import actor_row
from accounts.choices import ChangeAction, PartnerKind, PersonKind, PersonStatus
from accounts.history import HISTORY_FIELDS
from accounts.models import ObjectChange, Partner, Person, Team, User
from core.bulk import insert_rows
from core.demo import SIZES, Size, demo_builders, demo_finishers

# The demo's free text comes in pairs (English, French); `Organisation.text` picks one.
LANGUAGES = ("en", "fr")
TEAMS = (
    ("Marketing", "Marketing"),
    ("Communication", "Communication"),
    ("Customer service", "Service client"),
    ("Human resources", "Ressources humaines"),
    ("Product", "Produit"),
)
PARTNERS = (("Agence Bleu Horizon", PartnerKind.AGENCY), ("Clara Conseil", PartnerKind.CONSULTANT))
FIRST = (
    "Camille",
    "Louis",
    "Chloé",
    "Hugo",
    "Inès",
    "Jules",
    "Léa",
    "Nathan",
    "Manon",
    "Paul",
    "Sarah",
    "Tom",
)
LAST = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
)

# (e-mail, full name, groups, staff): one account per role, printed by `seed_demo`.
DEMO_ACCOUNTS = (
    ("admin@demo.gouvernail.test", "Ada Admin", (), True),
    ("lead@demo.gouvernail.test", "Lucie Lead", (roles.GOVERNANCE_LEAD,), False),
    ("owner@demo.gouvernail.test", "Olivier Owner", (roles.TEAM_MEMBER,), False),
    ("member@demo.gouvernail.test", "Maya Member", (roles.TEAM_MEMBER,), False),
    ("auditor@demo.gouvernail.test", "Aurèle Auditor", (roles.AUDITOR,), False),
    ("partner@demo.gouvernail.test", "Paco Partner", (roles.TEAM_MEMBER,), False),
)


@dataclass
class Organisation:
    size: Size
    teams: list[Team] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    accounts: dict[str, User] = field(default_factory=dict)
    language: str = "en"

    def text(self, english: str, french: str) -> str:
        """The demo's text in the organisation's language."""
        return french if self.language == "fr" else english


def _ensure_account(
    email: str, name: str, groups: tuple[str, ...], staff: bool, password: str
) -> User:
    user, _created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    user.full_name = name
    user.is_staff = staff
    user.is_superuser = staff
    user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.set(Group.objects.filter(name__in=groups))
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user


@transaction.atomic
def build_organisation(
    size_name: str = "demo", *, password: str, seed: int = 7, language: str = "en"
) -> Organisation:
    """Create (or complete) the demo organisation, its free text in `language` (en or fr).
    Safe to run twice. Texts the services write (history, labels) follow the active language,
    so `seed_demo` activates the same one."""
    if language not in LANGUAGES:
        raise ValueError(f"The demo speaks {' or '.join(LANGUAGES)}, not {language!r}.")
    size = SIZES[size_name]
    rng = random.Random(seed)
    org = Organisation(size=size, language=language)
    today = timezone.localdate()
    for pair in TEAMS:
        team, _ = Team.objects.get_or_create(name=org.text(*pair))
        org.teams.append(team)
    for name, kind in PARTNERS:
        partner, _ = Partner.objects.get_or_create(
            name=name, defaults={"kind": kind, "contract_end": today + dt.timedelta(days=180)}
        )
        org.partners.append(partner)
    for email, name, groups, staff in DEMO_ACCOUNTS:
        org.accounts[email] = _ensure_account(email, name, groups, staff, password)

    existing = {p.email: p for p in Person.objects.all()}
    new_people = []
    for index in range(size.people):
        email = f"person{index:04d}@demo.gouvernail.test"
        if email in existing:
            continue
        partner = org.partners[index % len(org.partners)] if index % 10 == 9 else None
        status = PersonStatus.ACTIVE
        end_date = None
        if index % 25 == 24:
            status, end_date = PersonStatus.LEAVING, today + dt.timedelta(days=rng.randint(1, 30))
        elif index % 40 == 39:
            status, end_date = PersonStatus.LEFT, today - dt.timedelta(days=rng.randint(1, 200))
        new_people.append(
            Person(
                first_name=FIRST[index % len(FIRST)],
                last_name=f"{LAST[(index // len(FIRST)) % len(LAST)]}",
                email=email,
                kind=PersonKind.AGENCY_STAFF if partner else PersonKind.EMPLOYEE,
                partner=partner,
                team=None if partner else org.teams[index % len(org.teams)],
                status=status,
                start_date=today - dt.timedelta(days=rng.randint(200, 3000)),
                end_date=end_date,
            )
        )
    Person.objects.bulk_create(new_people, batch_size=500)

    linked = set(Person.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    for email, name, _groups, _staff in DEMO_ACCOUNTS:
        user = org.accounts[email]
        if user.pk in linked:
            continue
        first, _, last = name.partition(" ")
        is_partner = email.startswith("partner@")
        Person.objects.update_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "user": user,
                "kind": PersonKind.AGENCY_STAFF if is_partner else PersonKind.EMPLOYEE,
                "partner": org.partners[0] if is_partner else None,
                "team": None if is_partner else org.teams[0],
            },
        )
    org.people = list(Person.objects.order_by("pk"))
    for team in org.teams:
        if team.lead_id is None:
            team.lead = next((p for p in org.people if p.team_id == team.pk), None)
            team.save(update_fields=["lead"])
    for builder in (*demo_builders, *demo_finishers):
        builder(org, rng)
    _add_past_history(org, rng)
    _analyze()
    return org


def _analyze() -> None:
    """Give PostgreSQL's planner the statistics of the rows just written in bulk, as autovacuum
    would a while later: measured before it, a page's plan is one no real database runs."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _add_past_history(org: Organisation, rng: random.Random) -> None:
    """More past changes to what the building recorded changes of (channels, grants, people…),
    spread over the last three years, up to the size's history rows: a register's years of
    use, written in bulk (COPY on PostgreSQL)."""
    missing = org.size.history - ObjectChange.objects.count()
    if missing <= 0:
        return
    subjects = list(
        ObjectChange.objects.order_by()
        .values_list("content_type_id", "object_id", "object_repr")
        .distinct()[:50_000]
    )
    lead, label = actor_row(org.accounts["lead@demo.gouvernail.test"])
    now = timezone.now()
    notes = (org.text("Reviewed", "Revu"), org.text("Checked in the audit", "Vérifié à l'audit"))
    rows = []
    for index in range(missing):
        content_type, pk, name = subjects[index % len(subjects)]
        rows.append(
            (
                now - dt.timedelta(minutes=rng.randint(60 * 24, 60 * 24 * 365 * 3)),
                lead.pk,
                label,
                ChangeAction.UPDATE,
                content_type,
                pk,
                name,
                {},
                notes[index % 2],
            )
        )
    insert_rows(ObjectChange, HISTORY_FIELDS, rows)
