"""Evidence of an access review for auditors: scope, the access at launch, decisions, remediation."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ObjectChange
from governance.models import AccessReview, ReviewItem

COLUMNS = [
    "item",
    "person",
    "email",
    "partner",
    "channel",
    "platform",
    "role_at_launch",
    "privilege_level",
    "granted_at",
    "expires_on",
    "last_review",
    "reviewer",
    "decision",
    "new_role",
    "comment",
    "decided_at",
    "decided_by",
    "decided_by_default",
    "flagged",
    "submitted_at",
    "reassignments",
    "remediation_status",
    "remediation_done_at",
    "revocation_confirmed_at",
]


def scope_text(review: AccessReview) -> str:
    """The campaign's scope in words, for the report."""
    parts = []
    if review.scope_platform_id:
        parts.append(_("platform: %(value)s") % {"value": review.scope_platform})
    if review.scope_team_id:
        parts.append(_("team: %(value)s") % {"value": review.scope_team})
    if review.scope_privilege_level:
        parts.append(
            _("privilege level: %(value)s") % {"value": review.get_scope_privilege_level_display()}
        )
    if review.scope_partners_only:
        parts.append(_("partners' people only"))
    if review.scope_risk_flag:
        parts.append(_("channels flagged: %(value)s") % {"value": review.scope_risk_flag})
    return ", ".join(parts) or _("all channels")


def _items(review: AccessReview):
    return list(
        ReviewItem.objects.filter(review=review)
        .select_related(
            "person__partner",
            "channel__platform",
            "new_role",
            "reviewer",
            "decided_by",
            "task",
            "grant",
        )
        .order_by("channel__name", "person__last_name", "pk")
    )


def _reassignments(items: list[ReviewItem]) -> dict[int, list[str]]:
    content_type = ContentType.objects.get_for_model(ReviewItem)
    found: dict[int, list[str]] = {}
    for entry in ObjectChange.objects.filter(
        content_type=content_type,
        object_id__in=[str(i.pk) for i in items],
        changes__has_key="reviewer",
    ).order_by("changed_at"):
        old, new = entry.changes["reviewer"]
        found.setdefault(int(entry.object_id), []).append(
            f"{timezone.localtime(entry.changed_at).isoformat()} {entry.actor_label}: {old} → {new} ({entry.message})"
        )
    return found


def _remediation(item: ReviewItem) -> tuple[str, str, str]:
    task = getattr(item, "task", None)
    confirmed = item.grant.revocation_confirmed_at
    return (
        task.status if task else "",
        task.done_at.isoformat() if task and task.done_at else "",
        confirmed.isoformat() if confirmed else "",
    )


def rows(review: AccessReview):
    items = _items(review)
    moves = _reassignments(items)
    yield COLUMNS
    for i in items:
        yield [
            i.pk,
            i.person.full_name,
            i.person.email,
            i.person.partner.name if i.person.partner else "",
            i.channel.name,
            i.channel.platform.name,
            i.role_name,
            i.privilege_level,
            i.granted_at.isoformat(),
            i.expires_on.isoformat() if i.expires_on else "",
            i.last_reviewed_at.isoformat() if i.last_reviewed_at else "",
            i.reviewer.email if i.reviewer else "",
            i.decision,
            i.new_role.name if i.new_role else "",
            i.comment,
            i.decided_at.isoformat() if i.decided_at else "",
            i.decided_by.email if i.decided_by else ("system" if i.decided_by_default else ""),
            "yes" if i.decided_by_default else "no",
            "yes" if i.flagged else "no",
            i.submitted_at.isoformat() if i.submitted_at else "",
            " | ".join(moves.get(i.pk, [])),
            *_remediation(i),
        ]


def report(review: AccessReview) -> dict:
    items = _items(review)
    counts = ReviewItem.objects.filter(review=review).aggregate(
        total=Count("pk"),
        decided=Count("pk", filter=~Q(decision="")),
        by_reviewer=Count("pk", filter=Q(decided_by_default=False) & ~Q(decision="")),
    )
    moves = _reassignments(items)
    for item in items:
        item.reassignments = moves.get(item.pk, [])
        _status, done_at, confirmed = _remediation(item)
        task = getattr(item, "task", None)
        item.remediation = (task.get_status_display() if task else "", done_at, confirmed)
    return {"review": review, "scope": scope_text(review), "items": items, "counts": counts}
