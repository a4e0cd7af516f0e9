"""The main pages, in French, as the lead and as a team member, show no English: the visible
text (innerText) holds none of the words the catalogue's msgids use and its msgstrs never do
(tests/support/catalogue.py), but the proper names of ALLOWED; and it is typeset the French way
(a no-break space before ":", ";", "!", "?" and inside « »). The world is the organisation's own,
written in French; the reference data the migrations seed (platforms, their roles, audit
criteria) and the roadmap template's phases come as seeded, in English, as they are stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser

from accounts.models import Partner, Person, Team, User
from audits import services as audit_services
from channels_registry.models import Platform
from governance import services as governance_services
from roadmap import services as roadmap_services
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, TeamFactory, role
from tests.support.browsing import signed_in_context
from tests.support.builders import make_audit
from tests.support.catalogue import english_only_words, typography_faults, words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Proper names and words French writes as English does.
ALLOWED = {
    "gouvernail",
    "linkedin",
    "instagram",
    "facebook",
    "youtube",
    "tiktok",
    "pinterest",
    "snapchat",
    "whatsapp",
    "threads",
    "bluesky",
    "mastodon",
    "business",
    "csv",
    "api",
    "sso",
    "scim",
    "english",  # the language menu names each language in itself
    "audience",  # French too
}

NAMES = {  # persona → (first name, last name)
    "lead": ("Camille", "Moreau"),
    "member": ("Théo", "Lefèvre"),
    "owner": ("Inès", "Garnier"),
}


def _world(personas) -> dict[str, object]:
    """The organisation's own data, in French, made through the services."""
    lead = personas.lead
    today = timezone.localdate()
    equipe = TeamFactory(name="Communication")
    for persona, (first, last) in NAMES.items():
        user = getattr(personas, persona)
        User.objects.filter(pk=user.pk).update(full_name=f"{first} {last}")
        Person.objects.filter(pk=user.person.pk).update(
            first_name=first, last_name=last, team=equipe
        )
    Team.objects.exclude(pk=equipe.pk).filter(members__isnull=True, channels__isnull=True).delete()
    Partner.objects.update(name="Agence Dupont")
    lead.refresh_from_db()
    lead_person, member_person = lead.person, personas.member.person

    def person(first: str, last: str):
        return PersonFactory(first_name=first, last_name=last, team=equipe)

    page = ChannelFactory(
        name="Musée, page principale",
        handle="musee",
        team=equipe,
        business_owner=lead_person,
        backup_owner=member_person,
    )
    blog = ChannelFactory(
        name="Le carnet du musée",
        handle="carnet",
        platform=Platform.objects.get(slug="blog"),
        url="",
        team=equipe,
        business_owner=member_person,
        backup_owner=person("Hugo", "Bernard"),
    )
    linkedin = ChannelFactory(
        name="Musée sur LinkedIn",
        handle="musee-li",
        platform=Platform.objects.get(slug="linkedin"),
        url="",
        team=equipe,
        business_owner=member_person,
        backup_owner=lead_person,
    )
    justification = "Publie les messages de la semaine"
    GrantFactory(channel=page, person=member_person, justification=justification)
    GrantFactory(
        channel=linkedin,
        person=member_person,
        role=role("linkedin", "admin"),
        justification=justification,
    )
    GrantFactory(channel=blog, person=member_person, justification=justification)
    leaver = person("Julie", "Roux")
    GrantFactory(channel=page, person=leaver, justification=justification)
    GrantFactory(channel=blog, person=leaver, justification=justification)
    offboarding = governance_services.offboarding_start(
        actor=lead, person=leaver, last_day=today + dt.timedelta(days=10)
    )
    review = governance_services.review_create(
        actor=lead,
        name="Revue d'automne",
        due_on=today + dt.timedelta(days=14),
        scope_team=equipe,
    )
    review = governance_services.review_open(actor=lead, review=review)
    # A campaign closed undecided: its items read "Revoke (by default)" and Gouvernail's comment.
    presse = TeamFactory(name="Presse")
    compte = ChannelFactory(
        name="Le musée, compte presse",
        handle="musee-presse",
        platform=Platform.objects.get(slug="x"),
        url="",
        team=presse,
        business_owner=lead_person,
        backup_owner=member_person,
    )
    GrantFactory(channel=compte, person=person("Paul", "Girard"), justification=justification)
    then = timezone.now() - dt.timedelta(days=20)
    closed = governance_services.review_create(
        actor=lead,
        name="Revue de printemps",
        due_on=today - dt.timedelta(days=1),
        scope_team=presse,
        now=then,
    )
    closed = governance_services.review_open(actor=lead, review=closed, now=then)
    closed = governance_services.review_close(actor=lead, review=closed)
    policy = governance_services.policy_create(
        actor=lead,
        title="Charte des réseaux sociaux",
        kind="social_media_policy",
        body="# Règles\n\nRestez courtois.\n",
        owner=lead_person,
    )
    governance_services.policy_version_publish(actor=lead, version=policy.versions.get())
    audit = make_audit(
        lead,
        [page, linkedin],
        today - dt.timedelta(days=30),
        "completed",
        3,
        auditor=lead_person,
        title="Audit de printemps",
    )
    for observed, status in (("Pas de propriétaire suppléant", "open"), ("Bio obsolète", "done")):
        audit_services.finding_save(
            actor=lead,
            audit=audit,
            channels=[page],
            severity="high",
            observed=observed,
            recommendation="Y remédier",
            status=status,
        )
    objective = roadmap_services.objective_create(
        actor=lead,
        title="Faire grandir l'audience",
        description="",
        kpi_name="Abonnés",
        kpi_unit="",
        relevance="Notoriété",
        baseline=Decimal(1000),
        target=Decimal(2000),
        direction="increase",
        baseline_on=today - dt.timedelta(days=60),
        deadline=today + dt.timedelta(days=180),
        owner=lead_person,
    )
    roadmap = roadmap_services.roadmap_create(
        actor=lead,
        name="Première année",
        starts_on=today - dt.timedelta(days=40),
        template="time_windows",
    )
    phases = list(roadmap.phases.order_by("order"))
    for phase, title, status in (
        (phases[0], "Inventaire des comptes", "done"),
        (phases[1], "Calendrier éditorial", "in_progress"),
    ):
        roadmap_services.milestone_save(
            actor=lead,
            phase=phase,
            title=title,
            owner=member_person,
            status=status,
            due_on=phase.ends_on,
            objective=objective,
        )
    return {
        "channel": page,
        "blog": blog,
        "person": member_person,
        "offboarding": offboarding,
        "review": review,
        "closed": closed,
        "policy": policy,
        "audit": audit,
        "objective": objective,
        "roadmap": roadmap,
    }


def _pages(w: dict[str, object]) -> dict[str, list[str]]:
    """The main pages each persona opens."""
    pk = w["channel"].pk  # type: ignore[attr-defined]
    member = [
        reverse("home"),
        reverse("governance:my_tasks"),
        reverse("channels_registry:index"),
        reverse("channels_registry:detail", args=[pk]),
        reverse("policies:index"),
        reverse("policies:detail", args=[w["policy"].pk]),  # type: ignore[attr-defined]
    ]
    lead = [
        *member,
        reverse("channels_registry:tab", args=[pk, "access"]),
        reverse("channels_registry:detail", args=[w["blog"].pk]),  # type: ignore[attr-defined]
        reverse("channels_registry:platforms"),
        reverse("governance:index"),
        reverse("governance:people"),
        reverse("governance:person", args=[w["person"].pk]),  # type: ignore[attr-defined]
        reverse("governance:offboardings"),
        reverse("governance:offboarding", args=[w["offboarding"].pk]),  # type: ignore[attr-defined]
        reverse("governance:reviews"),
        reverse("governance:review", args=[w["review"].pk]),  # type: ignore[attr-defined]
        reverse("governance:review", args=[w["closed"].pk]),  # type: ignore[attr-defined]
        reverse("governance:review_evidence", args=[w["closed"].pk]),  # type: ignore[attr-defined]
        reverse("governance:my_review_items"),
        reverse("audits:index"),
        reverse("audits:detail", args=[w["audit"].pk]),  # type: ignore[attr-defined]
        reverse("audits:criteria"),
        reverse("audits:platforms"),
        reverse("audits:peers"),
        reverse("roadmap:index"),
        reverse("roadmap:detail", args=[w["roadmap"].pk]),  # type: ignore[attr-defined]
        reverse("roadmap:objective", args=[w["objective"].pk]),  # type: ignore[attr-defined]
    ]
    return {"lead": lead, "member": member}


def test_french_pages_show_no_english(live_server, browser: Browser, personas):
    w = _world(personas)
    english = english_only_words() - ALLOWED
    found: dict[str, list[str]] = {}  # page → the lines holding English, its words first
    for persona, urls in _pages(w).items():
        context = signed_in_context(browser, live_server, getattr(personas, persona), language="fr")
        try:
            page = context.new_page()
            for url in urls:
                response = page.goto(url)
                assert response is not None and response.status == 200, url
                text = page.evaluate("document.body.innerText")
                if left := sorted(words(text) & english):
                    lines = [
                        line.strip()[:160] for line in text.splitlines() if words(line) & english
                    ]
                    found[f"{url} as {persona}"] = [" ".join(left), *lines]
                if faults := [
                    line.strip()[:160] for line in text.splitlines() if typography_faults(line)
                ]:
                    found[f"{url} as {persona}, typography"] = ["", *faults]
        finally:
            context.close()
    assert not found, "English, or a space that should not break, on French pages:\n" + "\n".join(
        f"{page}: {lines[0]}\n    " + "\n    ".join(lines[1:]) for page, lines in found.items()
    )


def test_the_scan_tells_english_from_french():
    english = english_only_words()
    assert (
        words("Revoir Théo — Droit d'accès « Éditeur » (lea@example.org), per…") & english == set()
    )
    assert words("Partial access: content") & english == {"partial", "access", "content"}
