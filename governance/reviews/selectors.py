"""Reads of access review campaigns, each from what the user may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.rules import sees_everything
from channels_registry.models import PlatformRole
from governance.choices import ReviewStatus
from governance.models import AccessReview, ReviewItem
from governance.reconciliation.selectors import with_platform_view

ITEM_RELATED = (
    "person__partner",
    "channel__platform",
    "role",
    "new_role",
    "reviewer",
    "decided_by",
)


def progress(reviewer=None) -> dict:
    """Decided and total items; a reviewer who does not see everything counts only their own."""
    mine = Q(items__reviewer=reviewer) if reviewer is not None else Q()
    return {
        "item_total": Count("items", filter=mine),
        "item_decided": Count("items", filter=mine & ~Q(items__decision="")),
    }


def reviews_for(user) -> QuerySet[AccessReview]:
    everything = sees_everything(user)
    reviews = (
        AccessReview.objects.select_related("created_by", "closed_by")
        .annotate(**progress(None if everything else user))
        .order_by("-created_at", "-pk")
    )
    if everything:
        return reviews
    return reviews.filter(pk__in=ReviewItem.objects.filter(reviewer=user).values("review_id"))


def review_for(user, pk: int) -> AccessReview:
    return get_object_or_404(reviews_for(user), pk=pk)


def items_for(user, review: AccessReview) -> QuerySet[ReviewItem]:
    """A campaign's items: all for leads and auditors, one's own for a reviewer."""
    items = review.items.select_related(*ITEM_RELATED).order_by(
        "channel__name", "person__last_name", "pk"
    )
    return items if sees_everything(user) else items.filter(reviewer=user)


def progress_per_reviewer(review: AccessReview) -> list[dict]:
    return list(
        review.items.values("reviewer__full_name", "reviewer__email")
        .annotate(
            total=Count("pk"),
            decided=Count("pk", filter=~Q(decision="")),
            submitted=Count("submitted_at"),
        )
        .order_by("reviewer__full_name", "reviewer__email")
    )


def my_pending_items(user) -> QuerySet[ReviewItem]:
    """The user's items still to submit, each with what the platform last showed of the person."""
    return with_platform_view(
        ReviewItem.objects.filter(
            reviewer=user, submitted_at__isnull=True, review__status=ReviewStatus.OPEN
        )
        .select_related("review", *ITEM_RELATED)
        .order_by("review__due_on", "channel__name", "person__last_name", "pk")
    )


def my_locked_items(user) -> QuerySet[ReviewItem]:
    """The user's submitted items in open campaigns: shown with their decision, never changed."""
    return (
        ReviewItem.objects.filter(
            reviewer=user, submitted_at__isnull=False, review__status=ReviewStatus.OPEN
        )
        .select_related("person", "channel", "new_role")
        .order_by("review__due_on", "review_id", "channel__name", "person__last_name", "pk")
    )


def my_campaigns(user) -> list[dict]:
    """The open campaigns where the user reviews, by deadline, each with its progress."""
    decided = ~Q(decision="")
    return list(
        ReviewItem.objects.filter(reviewer=user, review__status=ReviewStatus.OPEN)
        .values("review_id", "review__name", "review__due_on")
        .annotate(
            total=Count("pk"),
            decided=Count("pk", filter=decided),
            locked=Count("pk", filter=Q(submitted_at__isnull=False)),
        )
        .order_by("review__due_on", "review_id")
    )


def item_for_reviewer(user, pk: int) -> ReviewItem:
    """An item the user reviews (any, for those who see everything); others answer 404."""
    items = with_platform_view(ReviewItem.objects.select_related("review", "grant", *ITEM_RELATED))
    if not sees_everything(user):
        items = items.filter(reviewer=user)
    return get_object_or_404(items, pk=pk)


def roles_by_platform() -> dict[int, list]:
    grouped: dict[int, list] = {}
    for role in PlatformRole.objects.order_by("order", "name"):
        grouped.setdefault(role.platform_id, []).append(role)
    return grouped


def my_progress(user) -> dict:
    """How many of the user's items in open campaigns are decided, and decided but not submitted."""
    decided = ~Q(decision="")
    return ReviewItem.objects.filter(reviewer=user, review__status=ReviewStatus.OPEN).aggregate(
        total=Count("pk"),
        decided=Count("pk", filter=decided),
        to_submit=Count("pk", filter=decided & Q(submitted_at__isnull=True)),
    )


def review_items_for(user) -> QuerySet[ReviewItem]:
    """Every campaign's items to leads and auditors; to anyone else, those they review (as
    `items_for` and `item_for_reviewer` show them)."""
    items = ReviewItem.objects.all()
    return items if sees_everything(user) else items.filter(reviewer=user)
