"""The REST API of objectives: each one with its SMART fields and its progress as the roadmap
pages compute it (roadmap.progress), their KPI readings, and a reading added as the objective
page's form adds it (`reading_add`). Every read starts from roadmap.rules."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.rest.etags import ETagMixin
from core.rest.filters import IdFilter
from core.rest.forms import cleaned
from core.rest.views import VisibleToUser
from roadmap import services
from roadmap.choices import ObjectiveStatus
from roadmap.forms import ReadingForm
from roadmap.models import KpiReading, Objective
from roadmap.progress import LABELS, with_progress
from roadmap.rules import may_plan, objectives_visible_to, readings_visible_to

AMOUNT = {"max_digits": 14, "decimal_places": 2, "read_only": True}


class ObjectiveProgressSerializer(serializers.Serializer):
    """The latest reading against the straight line from the baseline to the target."""

    state = serializers.ChoiceField(choices=list(LABELS), read_only=True)
    latest_value = serializers.DecimalField(source="latest.value", allow_null=True, **AMOUNT)
    latest_on = serializers.DateField(source="latest.measured_on", read_only=True, allow_null=True)
    expected = serializers.DecimalField(
        allow_null=True, help_text="Where the line expected the KPI on that date.", **AMOUNT
    )


class ObjectiveSerializer(serializers.ModelSerializer):
    progress = ObjectiveProgressSerializer(read_only=True)

    class Meta:
        model = Objective
        fields = ("id", "title", "description", "kpi_name", "kpi_unit", "baseline")
        fields += ("baseline_on", "target", "direction", "relevance", "deadline", "owner")
        fields += ("status", "primary", "progress", "created_at", "updated_at")
        read_only_fields = fields


class KpiReadingSerializer(serializers.ModelSerializer):
    class Meta:
        model = KpiReading
        fields = ("id", "objective", "measured_on", "value", "note", "entered_by", "created_at")
        read_only_fields = fields


class KpiReadingAddSerializer(serializers.Serializer):
    """A reading, as the objective page's form takes it (the form checks the value's digits)."""

    measured_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=None, decimal_places=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ObjectiveFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ObjectiveStatus.choices)
    primary = django_filters.BooleanFilter()
    owner = IdFilter(help_text="A person.")

    class Meta:
        model = Objective
        fields: list[str] = []


class ObjectiveViewSet(VisibleToUser, ETagMixin, viewsets.ReadOnlyModelViewSet):
    """Objectives, active and closed, to everyone who reads the roadmap (who takes part, leads,
    auditors and admins)."""

    scope_area = "roadmap"
    serializer_class = ObjectiveSerializer
    filterset_class = ObjectiveFilter

    model = Objective

    def visible(self, user):
        return objectives_visible_to(user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_progress(page) if page is not None else None

    def get_object(self):
        return with_progress([super().get_object()])[0]

    @extend_schema(request=KpiReadingAddSerializer, responses={201: KpiReadingSerializer})
    @action(detail=True, methods=["post"], url_path="readings", url_name="readings")
    def readings(self, request, pk=None) -> Response:
        """Record the KPI's value at a date (one reading a day, none in the future), as the
        objective page does: leads and admins (If-Match is honoured)."""
        objective = self.get_object()
        if not may_plan(request.user):
            raise PermissionDenied
        self.if_match(objective)
        asked = KpiReadingAddSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = cleaned(ReadingForm(asked.validated_data))
        added = services.reading_add(actor=request.user, objective=objective, **data)
        return Response(KpiReadingSerializer(added).data, status=status.HTTP_201_CREATED)


class KpiReadingFilter(django_filters.FilterSet):
    objective = IdFilter()
    measured_after = django_filters.DateFilter(field_name="measured_on", lookup_expr="gte")
    measured_before = django_filters.DateFilter(field_name="measured_on", lookup_expr="lte")

    class Meta:
        model = KpiReading
        fields: list[str] = []


class KpiReadingViewSet(VisibleToUser, ETagMixin, viewsets.ReadOnlyModelViewSet):
    """The KPI readings of the objectives you see."""

    scope_area = "roadmap"
    serializer_class = KpiReadingSerializer
    filterset_class = KpiReadingFilter

    model = KpiReading

    def visible(self, user):
        return readings_visible_to(user)
