"""The Platform tab of the channel page: what the platform showed last, who of it the register
knows, and each open finding with what to do and, where it can be done in one step, a button."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from channels_registry.tabs import ChannelTab
from governance.choices import TaskStatus
from governance.reconciliation import imports
from governance.reconciliation.choices import FindingKind
from governance.reconciliation.connectors import platform_connectors
from governance.reconciliation.models_credentials import ChannelSource
from governance.reconciliation.rules import (
    may_act_on_finding,
    may_confirm_match,
    may_record_observation,
    may_sync_now,
)
from governance.reconciliation.selectors import open_findings, platform_tab


@dataclass(frozen=True)
class Step:
    """One thing to do about a finding: a button (a POST to `url`) or a link."""

    label: str
    url: str
    post: bool = True
    danger: bool = False
    expiry: bool = False  # a partner's person: the grant needs an end date


def _who(finding) -> str:
    if finding.person is not None:
        return finding.person.full_name
    return finding.holder.name if finding.holder else "—"


def advice(finding) -> str:
    """What to do about a finding, in words."""
    holder, grant = finding.holder, finding.grant
    words = {
        "who": _who(finding),
        "seen": holder.role_name if holder else "—",
        "granted": grant.role.display_name if grant else "—",
        "invited": holder.invited_at.date().isoformat() if holder and holder.invited_at else "—",
    }
    texts = {
        FindingKind.UNKNOWN_HOLDER: _(
            "Nobody recorded that %(who)s holds “%(seen)s”. If this access is legitimate, record "
            "it; otherwise remove it from the platform."
        ),
        FindingKind.HOLDER_GONE: _(
            "%(who)s has left or is leaving, yet still holds “%(seen)s” on the platform: remove "
            "them there."
        ),
        FindingKind.PAPER_ONLY: _(
            "The register says %(who)s holds “%(granted)s”, but the platform does not list them. "
            "Revoke the grant if it is no longer needed, or grant it on the platform."
        ),
        FindingKind.ROLE_HIGHER: _(
            "%(who)s holds “%(seen)s” on the platform, more than the “%(granted)s” granted. Lower "
            "it on the platform, or record the platform's role if it is right."
        ),
        FindingKind.REVOKED_PRESENT: _(
            "The removal of %(who)s was confirmed, yet the platform still lists them: the "
            "revocation is not done."
        ),
        FindingKind.OWNER_NOT_ADMIN: _(
            "%(who)s owns the channel or holds its 2FA device but is not an admin on the "
            "platform: they could not recover or hand over the account. Make them admin there."
        ),
        FindingKind.SINGLE_ADMIN: _(
            "Fewer than two people are admins on the platform: make a second trusted person "
            "admin there, and record it."
        ),
        FindingKind.STALE_INVITATION: _(
            "The invitation of %(who)s has waited since %(invited)s: withdraw it on the "
            "platform, or ask them to accept it."
        ),
    }
    return texts[finding.kind] % words


def _has_open_task(finding) -> bool:
    return any(task.status == TaskStatus.OPEN for task in finding.tasks.all())


def steps(finding, user) -> list[Step]:
    """The one-step remedies `user` may take on `finding`."""
    if not may_act_on_finding(user, finding):
        return []
    url = lambda name: reverse(f"governance:finding_{name}", args=[finding.pk])  # noqa: E731
    holder, kind, found = finding.holder, finding.kind, []
    if kind == FindingKind.UNKNOWN_HOLDER and holder.person_id and holder.role_id:
        partner = bool(holder.person.partner_id)
        found.append(Step(_("Record the grant"), url("grant"), expiry=partner))
    if kind == FindingKind.UNKNOWN_HOLDER and not holder.person_id and may_confirm_match(user):
        link = reverse("governance:holder_match", args=[holder.pk])
        found.append(Step(_("Say who this is"), link, post=False))
    removable = (FindingKind.UNKNOWN_HOLDER, FindingKind.HOLDER_GONE, FindingKind.STALE_INVITATION)
    if kind in removable and not _has_open_task(finding):
        found.append(Step(_("Start the revocation"), url("revoke"), danger=True))
    if kind == FindingKind.REVOKED_PRESENT:
        found.append(Step(_("Reopen the revocation"), url("reopen"), danger=True))
    if kind == FindingKind.ROLE_HIGHER and not _has_open_task(finding):
        found.append(Step(_("Ask the owner to lower it"), url("lower"), danger=True))
    if kind == FindingKind.ROLE_HIGHER and holder.role_id:
        found.append(Step(_("Record the platform's role"), url("role")))
    if kind == FindingKind.PAPER_ONLY:
        link = reverse("governance:grant_revoke", args=[finding.grant_id])
        found.append(Step(_("Revoke the grant"), link, post=False, danger=True))
    if kind == FindingKind.SINGLE_ADMIN:
        link = reverse("governance:grant_create", args=[finding.channel_id])
        found.append(Step(_("Grant access"), link, post=False))
    return found


def source_label(source: str) -> str:
    """Where a reading came from, in words: an uploaded file, or the connector's name."""
    if source == imports.SOURCE:
        return _("an uploaded file")
    connector = platform_connectors.get(source)
    return str(connector.label) if connector else source


def _source(request, channel) -> dict:
    """The channel's API source, if any, and its state: being read, its dates, its last failure."""
    source = (
        ChannelSource.objects.filter(channel_id=channel.pk).select_related("credential").first()
    )
    if source is None:
        return {"api_source": None}
    readable = source.active and source.credential.active
    reading = bool(source.claimed_until and source.claimed_until > timezone.now())
    return {
        "api_source": source,
        "api_source_label": source_label(source.credential.connector),
        "api_source_readable": readable,
        "api_source_reading": reading,
        "may_sync_now": readable and not reading and may_sync_now(request.user, channel),
    }


def _context(request, channel) -> dict:
    findings = list(open_findings(channel))
    for finding in findings:
        finding.channel = channel
        finding.advice = advice(finding)
        finding.steps = steps(finding, request.user)
    tab = platform_tab(channel)
    return {
        **tab,
        "source_label": source_label(tab["observation"].source) if tab["observation"] else "",
        "last_source_label": (
            source_label(tab["last_observation"].source) if tab["last_observation"] else ""
        ),
        "findings": findings,
        "may_record_observation": may_record_observation(request.user, channel),
        "may_confirm_match": may_confirm_match(request.user),
        **_source(request, channel),
    }


PLATFORM_TAB = ChannelTab(
    "platform",
    gettext_lazy("Platform"),
    20,
    "governance/reconciliation/tab.html",
    _context,
)
