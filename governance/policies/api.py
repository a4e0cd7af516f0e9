"""The REST API of policies: the policies the user sees with their version in force, the
acceptances they may see, and accepting the current version (`policy_acknowledge`, as the
policy page's button does)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.rest.etags import ETagMixin
from core.rest.filters import IdFilter
from core.rest.views import VisibleToUser
from governance import services
from governance.choices import PolicyKind
from governance.models import Acknowledgement, Policy, PolicyVersion
from governance.policies.rules import policies_visible_to
from governance.policies.selectors import acknowledgements_visible_to


class CurrentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyVersion
        fields = ("id", "number", "effective_on", "published_at", "summary", "body")
        read_only_fields = fields


class PolicySerializer(serializers.ModelSerializer):
    current_version = CurrentVersionSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Policy
        fields = ("id", "title", "kind", "owner", "audience", "acknowledgement_required")
        fields += ("gates_access", "current_version", "archived_at", "updated_at")
        read_only_fields = fields


class PolicyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PolicyKind.choices)
    archived = django_filters.BooleanFilter(
        field_name="archived_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Policy
        fields: list[str] = []


class AcknowledgementSerializer(serializers.ModelSerializer):
    policy = serializers.IntegerField(source="version.policy_id", read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)

    class Meta:
        model = Acknowledgement
        fields = ("id", "person", "policy", "version", "version_number", "acknowledged_at")
        fields += ("recorded_by", "evidence")
        read_only_fields = fields


class PolicyViewSet(VisibleToUser, ETagMixin, viewsets.ReadOnlyModelViewSet):
    """Policies: all of them to leads, auditors and admins; to anyone else those in force and
    the drafts of those they own."""

    scope_area = "policies"
    serializer_class = PolicySerializer
    filterset_class = PolicyFilter

    model = Policy

    def visible(self, user):
        return policies_visible_to(user).select_related("current_version")

    @extend_schema(request=None, responses={201: AcknowledgementSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None) -> Response:
        """State that you read and accept the version in force (once per version)."""
        policy = self.get_object()
        accepted = services.policy_acknowledge(actor=request.user, policy=policy)
        return Response(AcknowledgementSerializer(accepted).data, status=status.HTTP_201_CREATED)


class AcknowledgementFilter(django_filters.FilterSet):
    policy = IdFilter(field_name="version__policy")
    version = IdFilter()
    person = IdFilter()

    class Meta:
        model = Acknowledgement
        fields: list[str] = []


class AcknowledgementViewSet(VisibleToUser, ETagMixin, viewsets.ReadOnlyModelViewSet):
    """Acceptances: all to leads, auditors and admins; to anyone else their own and those of
    the policies they own; newest first."""

    scope_area = "policies"
    serializer_class = AcknowledgementSerializer
    filterset_class = AcknowledgementFilter
    ordering = "-pk"

    model = Acknowledgement

    def visible(self, user):
        return acknowledgements_visible_to(user).select_related("version")
