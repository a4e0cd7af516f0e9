"""The REST API of access reviews: campaigns and their items, read as their pages show them
(governance.reviews.selectors), and an item decided through its page's form and
`review_item_decide`, with the same rules."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.rest.etags import ETagMixin
from core.rest.filters import IdFilter
from core.rest.forms import cleaned
from core.rest.views import VisibleToUser
from governance import services
from governance.choices import Decision, ReviewStatus
from governance.models import AccessReview, ReviewItem
from governance.reviews.forms import ItemDecisionForm
from governance.reviews.selectors import review_items_for, reviews_for
from governance.rules import may_decide_item


class ReviewSerializer(serializers.ModelSerializer):
    item_total = serializers.IntegerField(read_only=True, help_text="Yours, unless you see all.")
    item_decided = serializers.IntegerField(read_only=True)

    class Meta:
        model = AccessReview
        fields = ("id", "name", "status", "due_on", "default_outcome", "repeat_every_months")
        fields += ("scope_platform", "scope_team", "scope_privilege_level", "scope_partners_only")
        fields += ("scope_risk_flag", "previous", "created_by", "created_at", "opened_at")
        fields += ("closed_at", "closed_by", "item_total", "item_decided")
        read_only_fields = fields


class ReviewFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)

    class Meta:
        model = AccessReview
        fields: list[str] = []


class ReviewViewSet(VisibleToUser, ETagMixin, viewsets.ReadOnlyModelViewSet):
    """Campaigns: all of them to leads and auditors, to a reviewer those they review in; newest
    first."""

    scope_area = "reviews"
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    ordering = "-pk"

    model = AccessReview

    def visible(self, user):
        return reviews_for(user)


class ReviewItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewItem
        fields = ("id", "review", "grant", "person", "channel", "role", "role_name")
        fields += ("privilege_level", "granted_at", "expires_on", "last_reviewed_at", "reviewer")
        fields += ("decision", "new_role", "comment", "decided_at", "decided_by", "submitted_at")
        fields += ("decided_by_default", "flagged")
        read_only_fields = fields


class ItemDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(Decision.choices)
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    new_role = serializers.IntegerField(
        required=False, allow_null=True, help_text="A lower role of the platform (change_role)."
    )


STATES = ("undecided", "keep", "revoke", "change_role")


class ReviewItemFilter(django_filters.FilterSet):
    """The campaign page's filters."""

    review = IdFilter()
    reviewer = IdFilter(help_text="A user.")
    state = django_filters.ChoiceFilter(
        choices=[(state, state) for state in STATES], method="by_state"
    )

    class Meta:
        model = ReviewItem
        fields: list[str] = []

    def by_state(self, queryset, name, value):
        return queryset.filter(decision="" if value == "undecided" else value)


class ReviewItemViewSet(VisibleToUser, ETagMixin, viewsets.ReadOnlyModelViewSet):
    """Review items: every campaign's to leads and auditors, to a reviewer their own."""

    scope_area = "reviews"
    serializer_class = ReviewItemSerializer
    filterset_class = ReviewItemFilter

    model = ReviewItem

    def visible(self, user):
        return review_items_for(user)

    @extend_schema(request=ItemDecisionSerializer, responses=ReviewItemSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None) -> Response:
        """Keep, revoke or change the role, as the reviewer's page does (If-Match is honoured);
        the decision can change until the reviewer submits it."""
        item = self.get_object()
        if not may_decide_item(request.user, item):
            raise PermissionDenied
        self.if_match(item)
        asked = ItemDecisionSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = cleaned(ItemDecisionForm(asked.validated_data, item=item))
        decided = services.review_item_decide(actor=request.user, item=item, **data)
        return Response(self.get_serializer(decided).data)
