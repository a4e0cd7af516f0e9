"""Demo policies: the four core policies, two versions of the social media policy, a crisis
roster, and an audience that has partly accepted."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.demo import Organisation
from channels_registry.models import Channel
from governance.choices import PolicyAudience, PolicyKind
from governance.models import Acknowledgement, Policy
from governance.policies.audience import Audiences
from governance.services import (
    crisis_contact_add,
    policy_create,
    policy_version_draft,
    policy_version_publish,
)

SOCIAL_MEDIA_V1 = """# Social media policy

This policy applies to everyone who holds access to one of our official channels.

## Speaking for the organisation
- Only post on an official channel what you would say in our name in public.
- Check facts and sources before posting; when in doubt, ask the channel's owner.
- Never share confidential information, even in a private message.

## Accounts and access
- Use your personal login through the business manager; never share a password.
- Keep two-factor authentication on.
"""

SOCIAL_MEDIA_V2 = SOCIAL_MEDIA_V1.replace(
    "- Keep two-factor authentication on.\n",
    "- Keep two-factor authentication on, with an app or a security key, not by SMS.\n"
    "- Report a lost phone or a suspicious login to the governance lead within one hour.\n\n"
    "## Personal accounts\n"
    "- Say that your opinions are your own when you talk about our work.\n",
).replace("when in doubt, ask the channel's owner", "when in doubt, ask the channel's owner first")

EMPLOYEE_GUIDELINES = """# Employee guidelines

You are welcome to talk about your work online. A few rules keep you and us safe:

1. Say who you work for when you talk about our products.
2. Do not answer a journalist or a complaint in our name: pass it to the social team.
3. Be kind; disagreements are settled in private.
"""

CRISIS_PLAN = """# Crisis management plan

## When it is a crisis
A post, a comment or an outage that may hurt people or our reputation within hours.

## What to do
1. Pause scheduled posts on every channel.
2. Call the first contact of the roster; if nobody answers within 15 minutes, call the next.
3. Publish a holding statement approved by the crisis lead, then update every two hours.
"""

SECURITY_RULES = """# Security rules for channel access

- Two-factor authentication on every account, never by SMS.
- The recovery e-mail is a shared mailbox of the organisation, never a personal address.
- Shared passwords live in the vault and are rotated every 90 days and when someone leaves.
- Access is given to a person, for a reason, and removed as soon as the reason ends.
"""


SOCIAL_MEDIA_V1_FR = """# Politique des médias sociaux

Cette politique s'applique à toute personne qui détient un accès à l'un de nos canaux officiels.

## Parler au nom de l'organisation
- Ne publiez sur un canal officiel que ce que vous diriez publiquement en notre nom.
- Vérifiez les faits et les sources avant de publier ; dans le doute, demandez au responsable du canal.
- Ne partagez jamais d'information confidentielle, même en message privé.

## Comptes et accès
- Utilisez votre identifiant personnel via le gestionnaire d'entreprise ; ne partagez jamais un mot de passe.
- Gardez la double authentification activée.
"""

SOCIAL_MEDIA_V2_FR = SOCIAL_MEDIA_V1_FR.replace(
    "- Gardez la double authentification activée.\n",
    "- Gardez la double authentification activée, par application ou clé de sécurité, pas par SMS.\n"
    "- Signalez un téléphone perdu ou une connexion suspecte au responsable de la gouvernance "
    "dans l'heure.\n\n"
    "## Comptes personnels\n"
    "- Précisez que vos opinions n'engagent que vous quand vous parlez de notre travail.\n",
).replace(
    "dans le doute, demandez au responsable du canal",
    "dans le doute, demandez d'abord au responsable du canal",
)

EMPLOYEE_GUIDELINES_FR = """# Charte des salariés

Vous pouvez parler de votre travail en ligne. Quelques règles vous protègent, vous et nous :

1. Dites pour qui vous travaillez quand vous parlez de nos produits.
2. Ne répondez pas à un journaliste ni à une réclamation en notre nom : transmettez à l'équipe sociale.
3. Restez bienveillant ; les désaccords se règlent en privé.
"""

CRISIS_PLAN_FR = """# Plan de gestion de crise

## Quand parle-t-on de crise
Une publication, un commentaire ou une panne qui peut nuire à des personnes ou à notre réputation en quelques heures.

## Que faire
1. Suspendre les publications programmées sur tous les canaux.
2. Appeler le premier contact de la liste ; sans réponse sous 15 minutes, appeler le suivant.
3. Publier une déclaration d'attente approuvée par le responsable de crise, puis la mettre à jour toutes les deux heures.
"""

SECURITY_RULES_FR = """# Règles de sécurité des accès aux canaux

- Double authentification sur chaque compte, jamais par SMS.
- L'adresse de récupération est une boîte partagée de l'organisation, jamais une adresse personnelle.
- Les mots de passe partagés sont dans le coffre-fort, changés tous les 90 jours et à chaque départ.
- L'accès est donné à une personne, pour une raison, et retiré dès que la raison prend fin.
"""


def _publish(lead, version, when):
    return policy_version_publish(actor=lead, version=version, now=when)


def _accept(policy: Policy, share: float, rng: random.Random, when: dt.datetime) -> None:
    """The given share of the audience accepts the current version (in bulk: up to thousands)."""
    members = sorted(Audiences([policy]).members(policy))
    chosen = rng.sample(members, int(len(members) * share))
    Acknowledgement.objects.bulk_create(
        [
            Acknowledgement(
                person_id=person_id,
                version_id=policy.current_version_id,
                acknowledged_at=when + dt.timedelta(hours=rng.randint(1, 72)),
            )
            for person_id in chosen
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


def build_policies(org: Organisation, rng: random.Random) -> None:
    """Once: the four core policies with partial coverage and a crisis roster."""
    if Policy.objects.exists():
        return
    lead = org.accounts["lead@demo.gouvernail.test"]
    lead_person = getattr(lead, "person", None)
    now = timezone.now()
    long_ago, recently = now - dt.timedelta(days=200), now - dt.timedelta(days=10)

    social = policy_create(
        actor=lead,
        title=org.text("Social media policy", "Politique des médias sociaux"),
        kind=PolicyKind.SOCIAL_MEDIA_POLICY,
        body=org.text(SOCIAL_MEDIA_V1, SOCIAL_MEDIA_V1_FR),
        owner=lead_person,
        effective_on=timezone.localdate(long_ago),
    )
    _publish(lead, social.versions.get(), long_ago)
    social.refresh_from_db()
    _accept(social, 0.9, rng, long_ago)
    draft = policy_version_draft(
        actor=lead,
        policy=social,
        body=org.text(SOCIAL_MEDIA_V2, SOCIAL_MEDIA_V2_FR),
        summary=org.text(
            "Two-factor authentication by app or key only; report a lost phone within the hour; "
            "a section on personal accounts.",
            "Double authentification par application ou clé uniquement ; un téléphone perdu se "
            "signale dans l'heure ; une section sur les comptes personnels.",
        ),
        effective_on=timezone.localdate(recently),
    )
    _publish(lead, draft, recently)
    social.refresh_from_db()
    _accept(social, 0.55, rng, recently)

    guidelines = policy_create(
        actor=lead,
        title=org.text("Employee guidelines", "Charte des salariés"),
        kind=PolicyKind.EMPLOYEE_GUIDELINES,
        body=org.text(EMPLOYEE_GUIDELINES, EMPLOYEE_GUIDELINES_FR),
        owner=lead_person,
        audience=PolicyAudience.TEAMS,
        teams=org.teams[:2],
        effective_on=timezone.localdate(long_ago),
    )
    _publish(lead, guidelines.versions.get(), long_ago)
    guidelines.refresh_from_db()
    _accept(guidelines, 0.8, rng, long_ago)

    crisis = policy_create(
        actor=lead,
        title=org.text("Crisis management plan", "Plan de gestion de crise"),
        kind=PolicyKind.CRISIS_PLAN,
        body=org.text(CRISIS_PLAN, CRISIS_PLAN_FR),
        owner=lead_person,
        effective_on=timezone.localdate(long_ago),
    )
    _publish(lead, crisis.versions.get(), long_ago)
    crisis.refresh_from_db()
    _accept(crisis, 0.7, rng, long_ago)
    _roster(lead, crisis, org)

    security = policy_create(
        actor=lead,
        title=org.text(
            "Security rules for channel access", "Règles de sécurité des accès aux canaux"
        ),
        kind=PolicyKind.SECURITY_RULES,
        body=org.text(SECURITY_RULES, SECURITY_RULES_FR),
        owner=lead_person,
        gates_access=True,
        effective_on=timezone.localdate(long_ago),
    )
    _publish(lead, security.versions.get(), long_ago)
    security.refresh_from_db()
    _accept(security, 0.85, rng, long_ago)


def _roster(lead, crisis: Policy, org: Organisation) -> None:
    people = [p for p in org.people if p.user_id is None][:3]
    crisis_contact_add(
        actor=lead,
        policy=crisis,
        position=1,
        person=getattr(lead, "person", None),
        name="" if getattr(lead, "person", None) else "Lucie Lead",
        responsibility=org.text(
            "Crisis lead: decides and approves statements",
            "Responsable de crise : décide et approuve les déclarations",
        ),
        phone="+33 1 23 45 67 01",
        availability=org.text("Every day, 7:00 to 23:00", "Tous les jours, de 7 h à 23 h"),
    )
    crisis_contact_add(
        actor=lead,
        policy=crisis,
        position=2,
        name=org.text("Agence Tempête (crisis agency)", "Agence Tempête (agence de crise)"),
        responsibility=org.text(
            "Drafts statements, monitors the conversation",
            "Rédige les déclarations, suit la conversation",
        ),
        phone="+33 1 98 76 54 32",
        availability=org.text("24/7 hotline", "Permanence 24 h/24, 7 j/7"),
    )
    for position, (team, person) in enumerate(zip(org.teams[:2], people, strict=False), start=1):
        crisis_contact_add(
            actor=lead,
            policy=crisis,
            team=team,
            position=position,
            person=person,
            responsibility=org.text(
                "Team's community manager on call", "Community manager d'astreinte de l'équipe"
            ),
            phone=f"+33 6 12 34 56 {position:02d}",
            availability=org.text("Weekdays 8:00 to 20:00", "En semaine, de 8 h à 20 h"),
        )
    channel = Channel.objects.exclude(status="archived").order_by("pk").first()
    if channel is not None and channel.business_owner_id:
        crisis_contact_add(
            actor=lead,
            policy=crisis,
            channel=channel,
            position=1,
            person=channel.business_owner,
            responsibility=org.text(
                "Channel owner: pauses posts, answers first comments",
                "Responsable du canal : suspend les publications, répond aux premiers commentaires",
            ),
            phone="+33 6 00 00 00 01",
            availability=org.text("Weekdays 9:00 to 18:00", "En semaine, de 9 h à 18 h"),
        )
