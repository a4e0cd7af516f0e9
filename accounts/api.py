"""The REST API of the directory: people (as the people pages show them), teams and partners
(reference data every active user meets in the filters: names and kinds, no notes); and the
history of changes, as the pages show it."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from accounts.choices import ChangeAction
from accounts.models import ObjectChange, Partner, Person, Team
from accounts.selectors import history_visible_to, people_visible_to
from core.rest.etags import ETagMixin
from core.rest.filters import IdFilter
from core.rest.views import VisibleToUser


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
        # No text holds a NUL byte (PostgreSQL would refuse the query): dropped, as spaces are.
        query = self.request.query_params.get("q", "").replace("\x00", "").strip()
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


class ObjectTypeField(forms.CharField):
    """A model named `app_label.model` (`channels_registry.channel`), as its content type."""

    def to_python(self, value):
        value = super().to_python(value).strip().lower()
        if not value:
            return None
        self.run_validators(value)  # a NUL byte: refused before the database reads it
        app_label, _dot, model = value.partition(".")
        try:
            return ContentType.objects.get_by_natural_key(app_label, model)
        except ContentType.DoesNotExist:
            raise forms.ValidationError(
                _(
                    "Unknown object type %(value)s: give app_label.model, e.g. channels_registry.channel."
                ),
                params={"value": value},
            ) from None


class ObjectTypeFilter(django_filters.Filter):
    field_class = ObjectTypeField


class MomentField(forms.DateTimeField):
    """An ISO 8601 date or date-time, in UTC: any offset Python reads (up to ±24 h) reaches the
    database as one it reads too (PostgreSQL's stop at ±16 h)."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:  # the year 9999's last hours west of UTC
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class MomentFilter(django_filters.DateTimeFilter):
    field_class = MomentField


class HistoryFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("object_id") and not data.get("object_type"):
            self.add_error("object_id", _("Give object_type with object_id: ids are per type."))
        after, before = data.get("after"), data.get("before")
        if after and before and after >= before:
            self.add_error("before", _("before must be later than after."))
        return data


class HistoryFilter(django_filters.FilterSet):
    object_type = ObjectTypeFilter(field_name="content_type")  # described on the viewset
    object_id = django_filters.CharFilter(help_text=_("The object's id (with object_type)."))
    actor = IdFilter(help_text=_("The id of the user who made the change."))
    action = django_filters.ChoiceFilter(choices=ChangeAction.choices)
    after = MomentFilter(
        field_name="changed_at",
        lookup_expr="gte",
        help_text=_("From this moment on (ISO 8601; a date is its midnight, site time)."),
    )
    before = MomentFilter(
        field_name="changed_at",
        lookup_expr="lt",
        help_text=_("Before this moment (ISO 8601; a date is its midnight, site time)."),
    )

    class Meta:
        model = ObjectChange
        fields: list[str] = []
        form = HistoryFilterForm


class ObjectChangeSerializer(serializers.ModelSerializer):
    object_type = serializers.SerializerMethodField()

    class Meta:
        model = ObjectChange
        fields = ("id", "changed_at", "actor", "actor_label", "action", "object_type")
        fields += ("object_id", "object_repr", "changes", "message")
        read_only_fields = fields

    @extend_schema_field(str)
    def get_object_type(self, row: ObjectChange) -> str:
        return f"{row.content_type.app_label}.{row.content_type.model}"


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "object_type",
                str,
                description=_(
                    "The object's model, app_label.model (e.g. channels_registry.channel)."
                ),
            )
        ]
    )
)
class HistoryViewSet(VisibleToUser, ETagMixin, viewsets.ReadOnlyModelViewSet):
    """The history of changes, newest first: every row to admins; to anyone else the history
    of the objects they see where a page shows it (a channel's, on its History tab). `actor` is
    null for the system (scheduled tasks); `changes` is {field: [old, new]}."""

    scope_area = "history"
    serializer_class = ObjectChangeSerializer
    filterset_class = HistoryFilter
    ordering = "-pk"

    model = ObjectChange

    def visible(self, user):
        return history_visible_to(user)
