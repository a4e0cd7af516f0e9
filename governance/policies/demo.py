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
        title="Social media policy",
        kind=PolicyKind.SOCIAL_MEDIA_POLICY,
        body=SOCIAL_MEDIA_V1,
        owner=lead_person,
        effective_on=timezone.localdate(long_ago),
    )
    _publish(lead, social.versions.get(), long_ago)
    social.refresh_from_db()
    _accept(social, 0.9, rng, long_ago)
    draft = policy_version_draft(
        actor=lead,
        policy=social,
        body=SOCIAL_MEDIA_V2,
        summary="Two-factor authentication by app or key only; report a lost phone within the "
        "hour; a section on personal accounts.",
        effective_on=timezone.localdate(recently),
    )
    _publish(lead, draft, recently)
    social.refresh_from_db()
    _accept(social, 0.55, rng, recently)

    guidelines = policy_create(
        actor=lead,
        title="Employee guidelines",
        kind=PolicyKind.EMPLOYEE_GUIDELINES,
        body=EMPLOYEE_GUIDELINES,
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
        title="Crisis management plan",
        kind=PolicyKind.CRISIS_PLAN,
        body=CRISIS_PLAN,
        owner=lead_person,
        effective_on=timezone.localdate(long_ago),
    )
    _publish(lead, crisis.versions.get(), long_ago)
    crisis.refresh_from_db()
    _accept(crisis, 0.7, rng, long_ago)
    _roster(lead, crisis, org)

    security = policy_create(
        actor=lead,
        title="Security rules for channel access",
        kind=PolicyKind.SECURITY_RULES,
        body=SECURITY_RULES,
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
        responsibility="Crisis lead: decides and approves statements",
        phone="+33 1 23 45 67 01",
        availability="Every day, 7:00 to 23:00",
    )
    crisis_contact_add(
        actor=lead,
        policy=crisis,
        position=2,
        name="Agence Tempête (crisis agency)",
        responsibility="Drafts statements, monitors the conversation",
        phone="+33 1 98 76 54 32",
        availability="24/7 hotline",
    )
    for position, (team, person) in enumerate(zip(org.teams[:2], people, strict=False), start=1):
        crisis_contact_add(
            actor=lead,
            policy=crisis,
            team=team,
            position=position,
            person=person,
            responsibility="Team's community manager on call",
            phone=f"+33 6 12 34 56 {position:02d}",
            availability="Weekdays 8:00 to 20:00",
        )
    channel = Channel.objects.exclude(status="archived").order_by("pk").first()
    if channel is not None and channel.business_owner_id:
        crisis_contact_add(
            actor=lead,
            policy=crisis,
            channel=channel,
            position=1,
            person=channel.business_owner,
            responsibility="Channel owner: pauses posts, answers first comments",
            phone="+33 6 00 00 00 01",
            availability="Weekdays 9:00 to 18:00",
        )
