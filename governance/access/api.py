"""The REST API of access: grants (read, with the access pages' filters) and access requests
(read; create, approve and refuse through governance.access.services, validated by the page's
form). Every read starts from what the user sees (governance.access.selectors)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import person_for_user
from channels_registry.choices import PrivilegeLevel
from core.rest.etags import ETagMixin
from core.rest.filters import IdFilter
from core.rest.forms import cleaned
from core.rest.views import VisibleToUser
from governance import services
from governance.access.forms import RequestForm
from governance.access.selectors import grants_visible_to, requests_to_decide, requests_visible_to
from governance.choices import AccessMethod, GrantStatus, RequestStatus
from governance.models import AccessGrant, AccessRequest
from governance.rules import may_decide_request, may_request


class GrantSerializer(serializers.ModelSerializer):
    privilege_level = serializers.CharField(source="role.privilege_level", read_only=True)
    revocation_reason = serializers.CharField(read_only=True, help_text="Empty while held.")

    class Meta:
        model = AccessGrant
        fields = ("id", "channel", "person", "role", "privilege_level", "access_method")
        fields += ("status", "granted_by", "granted_at", "justification", "expires_on")
        fields += ("revoked_at", "revoked_by", "revocation_reason", "revocation_confirmed_at")
        read_only_fields = fields


class GrantFilter(django_filters.FilterSet):
    """The access matrix's filters (team, platform, partner), and a grant's own."""

    status = django_filters.ChoiceFilter(choices=GrantStatus.choices)
    channel = IdFilter()
    person = IdFilter()
    platform = IdFilter(field_name="channel__platform")
    team = IdFilter(field_name="person__team")
    partner = IdFilter(field_name="person__partner")
    privilege_level = django_filters.ChoiceFilter(
        field_name="role__privilege_level", choices=PrivilegeLevel.choices
    )
    expires_before = django_filters.DateFilter(field_name="expires_on", lookup_expr="lte")

    class Meta:
        model = AccessGrant
        fields: list[str] = []


class GrantViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    """Grants on the channels you see, newest first."""

    scope_area = "access"
    serializer_class = GrantSerializer
    filterset_class = GrantFilter
    ordering = "-pk"

    def get_queryset(self):
        return grants_visible_to(self.request.user).select_related("role")


class RequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccessRequest
        fields = ("id", "channel", "person", "role", "access_method", "reason", "expires_on")
        fields += ("status", "requested_by", "requested_at", "decided_by", "decided_at")
        fields += ("decision_comment", "grant")
        read_only_fields = fields


class RequestCreateSerializer(serializers.Serializer):
    """An access request for yourself, as the request page makes it."""

    channel = serializers.IntegerField()
    role = serializers.IntegerField()
    access_method = serializers.ChoiceField(AccessMethod.choices, default=AccessMethod.PERSONAL)
    reason = serializers.CharField(max_length=300)
    expires_on = serializers.DateField(required=False, allow_null=True)


class DecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    channel = IdFilter()
    person = IdFilter()
    to_decide = django_filters.BooleanFilter(
        method="by_deciding", label="Only the requests you may decide."
    )

    class Meta:
        model = AccessRequest
        fields: list[str] = []

    def by_deciding(self, queryset, name, value):
        if value is None:
            return queryset
        deciding = requests_to_decide(self.request.user).values("pk")
        return queryset.filter(pk__in=deciding) if value else queryset.exclude(pk__in=deciding)


class RequestViewSet(
    VisibleToUser, ETagMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Access requests on the channels you see, and your own; newest first."""

    scope_area = "access"
    serializer_class = RequestSerializer
    filterset_class = RequestFilter
    ordering = "-pk"

    model = AccessRequest

    def visible(self, user):
        return requests_visible_to(user)

    @extend_schema(request=RequestCreateSerializer, responses={201: RequestSerializer})
    def create(self, request, *args, **kwargs):
        if not may_request(request.user):
            raise PermissionDenied
        asked = RequestCreateSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = cleaned(RequestForm(asked.validated_data))
        person = person_for_user(request.user)
        if person is None:
            raise ValidationError(
                _("Your account is not linked to a person of the directory: ask an admin.")
            )
        made = services.request_create(actor=request.user, person=person, **data)
        return Response(RequestSerializer(made).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, decide) -> Response:
        pending = self.get_object()
        if not may_decide_request(request.user, pending):
            raise PermissionDenied
        self.if_match(pending)
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        decided = decide(actor=request.user, request=pending, **decision.validated_data)
        return Response(RequestSerializer(decided).data)

    @extend_schema(request=DecisionSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None) -> Response:
        """Approve: the grant is created in the same transaction (If-Match is honoured)."""
        return self._decide(request, services.request_approve)

    @extend_schema(request=DecisionSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None) -> Response:
        """Refuse, saying why in `comment` (If-Match is honoured)."""
        return self._decide(request, services.request_refuse)
