"""Access review campaigns: open (snapshot), decide, submit, reassign, close, recur."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction, PersonKind
from accounts.history import (
    assign_fields,
    history_bulk_record_changes,
    history_record,
    record_create,
)
from accounts.models import User
from accounts.rules import is_read_only, is_subject
from channels_registry.choices import PRIVILEGE_RANK, ChannelStatus, PrivilegeLevel
from channels_registry.models import Channel, PlatformRole
from channels_registry.risk import filter_by_risk
from governance.actions.services import tasks_create
from governance.choices import (
    Decision,
    GrantStatus,
    ReviewOutcome,
    ReviewStatus,
    TaskKind,
    TaskOrigin,
)
from governance.models import AccessGrant, AccessReview, ReviewItem, Task
from governance.responsibility import Responsibility
from governance.rules import may_decide_item, may_review, may_run_campaigns
from webhooks.services import webhook_event

REVIEW_FIELDS = (
    "name",
    "scope_platform",
    "scope_team",
    "scope_privilege_level",
    "scope_partners_only",
    "scope_risk_flag",
    "due_on",
    "default_outcome",
    "repeat_every_months",
)


def _require_lead(actor: Actor) -> None:
    # No actor: the system (the deadline sweep, a recurring campaign).
    if actor is not None and not may_run_campaigns(actor):
        raise PermissionDenied(_("Only governance leads open and close campaigns."))


@transaction.atomic
def review_create(*, actor: Actor, now: dt.datetime | None = None, **data: Any) -> AccessReview:
    """Prepare a campaign (a draft): its scope, deadline and outcome for undecided items."""
    _require_lead(actor)
    today = timezone.localdate(now or timezone.now())
    review = AccessReview(created_by=actor_user(actor))
    assign_fields(review, REVIEW_FIELDS, data)
    review.full_clean()
    if review.due_on <= today:
        raise ValidationError({"due_on": _("The deadline must be in the future.")})
    review.save()
    record_create(actor=actor, obj=review, fields=REVIEW_FIELDS)
    return review


def scope_grants(review: AccessReview):
    """The active grants in the campaign's scope, now."""
    channels: QuerySet[Channel] = Channel.objects.exclude(status=ChannelStatus.ARCHIVED)
    if review.scope_platform_id:
        channels = channels.filter(platform_id=review.scope_platform_id)
    if review.scope_team_id:
        channels = channels.filter(team_id=review.scope_team_id)
    if review.scope_risk_flag:
        channels = filter_by_risk(channels, review.scope_risk_flag)
    in_open_campaign = ReviewItem.objects.filter(
        grant=OuterRef("pk"), review__status=ReviewStatus.OPEN
    )
    grants = AccessGrant.objects.filter(
        status=GrantStatus.ACTIVE, channel__in=channels.values("pk")
    ).exclude(Exists(in_open_campaign))  # one open campaign at a time reviews a grant
    if review.scope_privilege_level:
        grants = grants.filter(role__privilege_level=review.scope_privilege_level)
    if review.scope_partners_only:
        grants = grants.filter(
            Q(person__partner__isnull=False) | Q(person__kind=PersonKind.AGENCY_STAFF)
        )
    return grants


@transaction.atomic
def review_open(
    *, actor: Actor, review: AccessReview, now: dt.datetime | None = None
) -> AccessReview:
    """Open a campaign: one item per active grant in scope, as the grant is now."""
    _require_lead(actor)
    now = now or timezone.now()
    review = AccessReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError(_("Only a draft campaign can be opened."))
    grants = list(
        scope_grants(review).select_related(
            "role", "person__user", "channel__business_owner__user", "channel__backup_owner__user"
        )
    )
    last_reviews = dict(
        ReviewItem.objects.filter(grant__in=[g.pk for g in grants], decided_at__isnull=False)
        .values("grant_id")
        .annotate(last=Max("decided_at"))
        .values_list("grant_id", "last")
    )
    responsibility = Responsibility()
    items = [
        ReviewItem(
            review=review,
            grant=grant,
            person=grant.person,
            channel=grant.channel,
            role=grant.role,
            role_name=grant.role.name,
            privilege_level=grant.role.privilege_level,
            granted_at=grant.granted_at,
            expires_on=grant.expires_on,
            last_reviewed_at=last_reviews.get(grant.pk),
            # Nobody reviews their own access: it goes to the next in line.
            reviewer=responsibility.for_channel(grant.channel, subject=grant.person),
        )
        for grant in grants
    ]
    ReviewItem.objects.bulk_create(items, batch_size=1000)
    review.status = ReviewStatus.OPEN
    review.opened_at = now
    review.save(update_fields=["status", "opened_at"])
    history_record(
        actor=actor,
        obj=review,
        action=ChangeAction.UPDATE,
        changes={"status": ["draft", "open"]},
        message=f"{len(items)} items",
    )
    webhook_event(
        event_type="review.opened",
        data={
            "review_id": review.pk,
            "name": review.name,
            "due_on": review.due_on,
            "items": len(items),
        },
        now=now,
    )
    return review


def _check_decidable(actor: Actor, item: ReviewItem) -> None:
    if item.review.status != ReviewStatus.OPEN:
        raise ValidationError(_("This campaign is not open."))
    if item.locked:
        raise ValidationError(_("This decision was submitted and is locked."))
    if may_decide_item(actor, item):
        return
    if is_subject(actor, item.person):
        raise PermissionDenied(_("Nobody reviews their own access."))
    if is_read_only(actor):
        raise PermissionDenied(_("Auditors read; they do not decide."))
    raise PermissionDenied(_("You are not the reviewer of this item."))


def _validate_decision(
    item: ReviewItem, decision: str, comment: str, new_role: PlatformRole | None
) -> None:
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose keep, revoke or change role.")})
    needs_comment = (
        item.privilege_level == PrivilegeLevel.ADMIN or item.person.partner_id is not None
    )
    if decision == Decision.KEEP and needs_comment and not comment.strip():
        raise ValidationError(
            {
                "comment": _(
                    "Say why %(person)s keeps this access: it is admin-level or a partner's."
                )
                % {"person": item.person}
            }
        )
    if decision == Decision.CHANGE_ROLE:
        if new_role is None or new_role.platform_id != item.role.platform_id:
            raise ValidationError({"new_role": _("Choose a role of the same platform.")})
        lower = PRIVILEGE_RANK[new_role.privilege_level] > PRIVILEGE_RANK[item.privilege_level] or (
            new_role.privilege_level == item.privilege_level and new_role.order > item.role.order
        )
        if not lower:
            raise ValidationError(
                {
                    "new_role": _("The new role must be lower than %(role)s.")
                    % {"role": item.role_name}
                }
            )


def _apply_decision(
    actor: Actor,
    item: ReviewItem,
    decision: str,
    comment: str,
    new_role,
    now: dt.datetime | None = None,
) -> dict:
    before = [item.decision or None, item.comment or None]
    item.decision = decision
    item.comment = comment.strip()
    item.new_role = new_role if decision == Decision.CHANGE_ROLE else None
    item.decided_at = now or timezone.now()
    item.decided_by = actor_user(actor)
    item.save(update_fields=["decision", "comment", "new_role", "decided_at", "decided_by"])
    return {"decision": [before[0], decision], "comment": [before[1], item.comment or None]}


def _locked_items(pks: Iterable[int]):
    return (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("review", "person", "role", "channel")
        .filter(pk__in=list(pks))
        .order_by("pk")
    )


@transaction.atomic
def review_item_decide(
    *,
    actor: Actor,
    item: ReviewItem,
    decision: str,
    comment: str = "",
    new_role: PlatformRole | None = None,
) -> ReviewItem:
    """Decide one item; it can change until the reviewer submits."""
    item = _locked_items([item.pk]).get()
    _check_decidable(actor, item)
    _validate_decision(item, decision, comment, new_role)
    changes = _apply_decision(actor, item, decision, comment, new_role)
    history_record(actor=actor, obj=item, action=ChangeAction.UPDATE, changes=changes)
    return item


def _refusal(actor: Actor, item: ReviewItem, decision: str, comment: str) -> str | None:
    """Why this item cannot take this decision in bulk, or None."""
    try:
        _check_decidable(actor, item)
        if item.decision:
            # Select-all must never overwrite a decision taken one at a time (a role change).
            raise ValidationError(_("Already decided; change it in its own row."))
        _validate_decision(item, decision, comment, None)
    except (PermissionDenied, ValidationError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        return f"{item}: {' '.join(messages)}"
    return None


@transaction.atomic
def review_items_bulk_decide(
    *,
    actor: Actor,
    items: Iterable[ReviewItem],
    decision: str,
    comment: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Give the same decision to many undecided items, with a history row each: all of them or
    none. Every refusal is named (an item not the actor's to decide, already decided, locked,
    in a closed campaign, or needing a comment); then nothing is written."""
    if decision == Decision.CHANGE_ROLE:
        raise ValidationError(_("Change roles one item at a time."))
    pks = {item.pk for item in items}
    if not pks:
        raise ValidationError(_("Tick the items to decide first, in the list below."))
    locked = list(_locked_items(pks))
    refusals = [f"{pk}: " + _("No such item.") for pk in sorted(pks - {item.pk for item in locked})]
    refusals += [r for item in locked if (r := _refusal(actor, item, decision, comment))]
    if refusals:
        raise ValidationError(refusals)
    when = now or timezone.now()
    entries = [
        (item, _apply_decision(actor, item, decision, comment, None, now=when)) for item in locked
    ]
    history_bulk_record_changes(actor=actor, entries=entries, action=ChangeAction.UPDATE)
    return len(entries)


@transaction.atomic
def review_items_submit(*, actor: User, review: AccessReview | None = None) -> int:
    """Lock the reviewer's decided items (in one campaign, or all): they can no longer change."""
    items = ReviewItem.objects.filter(
        reviewer=actor, submitted_at__isnull=True, review__status=ReviewStatus.OPEN
    ).exclude(decision="")
    if review is not None:
        items = items.filter(review=review)
    locked = list(items.select_for_update(of=("self",)))
    ReviewItem.objects.filter(pk__in=[i.pk for i in locked]).update(submitted_at=timezone.now())
    history_bulk_record_changes(
        actor=actor,
        entries=[(i, {"submitted": [False, True]}) for i in locked],
        action=ChangeAction.UPDATE,
    )
    return len(locked)


@transaction.atomic
def review_item_reassign(*, actor: Actor, item: ReviewItem, reviewer, reason: str) -> ReviewItem:
    """Hand an item to another eligible reviewer, with a reason; the deadline stays."""
    item = _locked_items([item.pk]).get()
    _check_decidable(actor, item)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you hand this item over.")})
    if not may_review(reviewer, item):
        raise ValidationError(
            {"reviewer": _("%(user)s cannot review this item.") % {"user": reviewer}}
        )
    previous = item.reviewer
    item.reviewer = reviewer
    item.save(update_fields=["reviewer"])
    history_record(
        actor=actor,
        obj=item,
        action=ChangeAction.UPDATE,
        changes={"reviewer": [str(previous) if previous else None, str(reviewer)]},
        message=reason.strip(),
    )
    return item


@transaction.atomic
def review_close(
    *, actor: Actor, review: AccessReview, now: dt.datetime | None = None
) -> AccessReview:
    """Close a campaign: undecided items get its outcome; revocations and role changes become tasks."""
    _require_lead(actor)
    review = AccessReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(_("Only an open campaign can be closed."))
    now = now or timezone.now()
    _decide_by_default(review, actor=actor, now=now)
    tasks = _remediation_tasks(review, actor=actor, now=now)
    review.status = ReviewStatus.CLOSED
    review.closed_at = now
    review.closed_by = actor_user(actor)
    review.save(update_fields=["status", "closed_at", "closed_by"])
    history_record(
        actor=actor,
        obj=review,
        action=ChangeAction.UPDATE,
        changes={"status": ["open", "closed"]},
        message=f"{len(tasks)} remediation tasks",
    )
    webhook_event(
        event_type="review.closed",
        data={"review_id": review.pk, "name": review.name, "closed_at": now, "tasks": len(tasks)},
        now=now,
    )
    return review


NO_DECISION = gettext_noop("No decision by the deadline")


def _decide_by_default(review: AccessReview, *, actor: Actor, now: dt.datetime) -> None:
    """Every item nobody decided gets the campaign's default outcome (a kept one is flagged);
    every item counts as submitted."""
    undecided = ReviewItem.objects.filter(review=review, decision="")
    by_default = list(undecided.only("pk", "review_id", "person_id", "channel_id", "role_name"))
    outcome = Decision.REVOKE if review.default_outcome == ReviewOutcome.REVOKE else Decision.KEEP
    fields = {"decision": outcome, "decided_at": now, "decided_by_default": True}
    if outcome == Decision.KEEP:
        fields["flagged"] = True
    # Stored in English, as the history's message: the pages show it in the reader's language.
    undecided.update(**fields, comment=NO_DECISION)
    ReviewItem.objects.filter(review=review, submitted_at__isnull=True).update(submitted_at=now)
    history_bulk_record_changes(
        actor=actor,
        entries=[(item, {"decision": [None, outcome.value]}) for item in by_default],
        action=ChangeAction.UPDATE,
        message=NO_DECISION,
    )


def _remediation_tasks(review: AccessReview, *, actor: Actor, now: dt.datetime) -> list[Task]:
    """A task for each revocation or role change of access still active, to its channel's
    next in line, due REVIEW_REMEDIATION_DAYS after the close."""
    to_act = list(
        ReviewItem.objects.filter(
            review=review,
            decision__in=[Decision.REVOKE, Decision.CHANGE_ROLE],
            grant__status=GrantStatus.ACTIVE,
        ).select_related(
            "person", "grant", "channel__business_owner__user", "channel__backup_owner__user"
        )
    )
    responsibility = Responsibility()
    due = timezone.localdate(now) + dt.timedelta(days=settings.REVIEW_REMEDIATION_DAYS)
    return tasks_create(
        actor=actor,
        tasks=(
            Task(
                origin=TaskOrigin.REVIEW,
                review_item=item,
                kind=TaskKind.REVOKE if item.decision == Decision.REVOKE else TaskKind.CHANGE_ROLE,
                channel=item.channel,
                grant=item.grant,
                assignee=responsibility.for_channel(item.channel, subject=item.person),
                due_on=due,
            )
            for item in to_act
        ),
        message=gettext_noop("Access review decision"),
    )


def reviews_close_due(*, now: dt.datetime) -> int:
    """Close, as the system, every open campaign whose deadline has passed."""
    today = timezone.localdate(now)
    closed = 0
    for review in AccessReview.objects.filter(status=ReviewStatus.OPEN, due_on__lt=today).order_by(
        "pk"
    ):
        try:
            review_close(actor=None, review=review, now=now)
        except ValidationError:
            continue  # closed by hand meanwhile
        closed += 1
    return closed


def reviews_open_recurring(*, now: dt.datetime) -> int:
    """Open the next campaign of each repeating one whose period has come; once only."""
    today = timezone.localdate(now)
    opened = 0
    candidates = AccessReview.objects.filter(
        repeat_every_months__isnull=False, opened_at__isnull=False, next__isnull=True
    ).order_by("pk")
    for review in candidates:
        assert review.repeat_every_months is not None and review.opened_at is not None
        start = timezone.localtime(review.opened_at).date() + relativedelta(
            months=review.repeat_every_months
        )
        if start > today:
            continue
        length = review.due_on - timezone.localtime(review.opened_at).date()
        try:
            with transaction.atomic():
                successor = AccessReview.objects.create(
                    name=f"{review.name.split(' — ')[0]} — {today:%Y-%m}",
                    **{f: getattr(review, f) for f in REVIEW_FIELDS if f not in ("name", "due_on")},
                    due_on=today + length,
                    previous=review,
                    created_by=None,
                )
                record_create(
                    actor=None,
                    obj=successor,
                    fields=REVIEW_FIELDS,
                    message=gettext_noop("Recurring campaign"),
                )
                review_open(actor=None, review=successor, now=now)
        except IntegrityError:
            continue  # another sweep opened it first
        opened += 1
    return opened
