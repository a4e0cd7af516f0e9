"""The REST API of the directory: people (as the people pages show them), teams and partners
(reference data every active user meets in the filters: names and kinds, no notes)."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from accounts.models import Partner, Person, Team
from accounts.selectors import people_visible_to
from core.rest.etags import ETagMixin


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ("id", "first_name", "last_name", "email", "kind", "job_title", "team")
        fields += ("partner", "manager", "status", "start_date", "end_date")
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("q", str, description="Text in the name or e-mail.")]
    )
)
class PersonViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    """People: everyone for leads, auditors and admins; anyone else, themselves."""

    scope_area = "people"
    serializer_class = PersonSerializer

    def get_queryset(self):
        people = people_visible_to(self.request.user)
        query = self.request.query_params.get("q", "").strip()
        if self.action == "list" and query:
            people = people.filter(
                Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
                | Q(email__icontains=query)
            )
        return people


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ("id", "name", "description", "lead")
        read_only_fields = fields


class TeamViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    scope_area = "people"
    serializer_class = TeamSerializer
    queryset = Team.objects.all()


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ("id", "name", "kind", "contract_end")
        read_only_fields = fields


class PartnerViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    scope_area = "people"
    serializer_class = PartnerSerializer
    queryset = Partner.objects.all()
