"""The REST API of the channel registry: platforms with their roles (read), channels (read with
the list page's filters; update through the page's form and `channel_update`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from channels_registry import selectors, services
from channels_registry.choices import ChannelStatus
from channels_registry.filters import ChannelFilter
from channels_registry.forms import ChannelForm
from channels_registry.models import Channel, Platform, PlatformRole
from channels_registry.risk import flags_of, risk_flags
from channels_registry.rules import may_edit
from core.rest.etags import ETagMixin
from core.rest.forms import cleaned


class PlatformRoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlatformRole
        fields = ("id", "name", "privilege_level", "order", "description")


class PlatformSerializer(serializers.ModelSerializer):
    roles = PlatformRoleSerializer(many=True, read_only=True)
    channel_count = serializers.IntegerField(read_only=True, help_text="Live channels you see.")

    class Meta:
        model = Platform
        fields = ("id", "name", "slug", "category", "stance", "description", "roles")
        fields += ("channel_count",)


class PlatformViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    """Platforms and their role vocabularies."""

    scope_area = "channels"
    serializer_class = PlatformSerializer

    def get_queryset(self):
        return selectors.platform_catalogue(self.request.user)


class ChannelSerializer(serializers.ModelSerializer):
    platform = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    team = serializers.CharField(source="team.name", read_only=True, allow_null=True)
    risk_flags = serializers.SerializerMethodField()

    class Meta:
        model = Channel
        fields = ("id", "platform", "name", "handle", "url", "kind", "status", "team")
        fields += ("business_owner", "backup_owner", "two_factor_status", "login_model")
        fields += ("password_rotated_on", "verified", "risk_flags", "updated_at")
        read_only_fields = fields

    def get_risk_flags(self, channel) -> list[str]:
        return [flag.key for flag in flags_of(channel)]


class ChannelUpdateSerializer(serializers.Serializer):
    """What PATCH may change: the fields of the channel's edit page, validated by its form."""

    name = serializers.CharField(required=False)
    handle = serializers.CharField(required=False)
    url = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(ChannelStatus.choices, required=False)
    purpose = serializers.CharField(required=False, allow_blank=True)
    audience = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    business_owner = serializers.IntegerField(required=False)
    backup_owner = serializers.IntegerField(required=False, allow_null=True)
    password_rotated_on = serializers.DateField(required=False, allow_null=True)
    verified = serializers.BooleanField(required=False)


FILTERS = [
    OpenApiParameter("q", str, description="Text in the name, handle or URL."),
    OpenApiParameter("platform", int),
    OpenApiParameter("status", str, enum=ChannelStatus.values),
    OpenApiParameter("team", int),
    OpenApiParameter("owner", int, description="A person, business owner or backup owner."),
    OpenApiParameter("risk", str, enum=[flag.key for flag in risk_flags] or None),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class ChannelViewSet(ETagMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Channels you may see, filtered as the channel list is (archived ones only by status)."""

    scope_area = "channels"
    serializer_class = ChannelSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        channels = selectors.channels_for(self.request.user)
        if self.action != "list":
            return channels
        filters = ChannelFilter(
            self.request.query_params, queryset=channels, user=self.request.user
        )
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        return filters.qs

    @extend_schema(request=ChannelUpdateSerializer, responses=ChannelSerializer)
    def partial_update(self, request, *args, **kwargs):
        channel = self.get_object()
        if not may_edit(request.user, channel):
            raise PermissionDenied
        self.if_match(channel)
        changes = ChannelUpdateSerializer(data=request.data, partial=True)
        changes.is_valid(raise_exception=True)
        form = ChannelForm(instance=channel, user=request.user)
        values = {name: form[name].value() for name in form.fields} | dict(changes.validated_data)
        data = cleaned(ChannelForm(values, instance=channel, user=request.user))
        services.channel_update(actor=request.user, channel=channel, **data)
        return self.retrieve(request, *args, **kwargs)
