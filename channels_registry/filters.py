"""The channel list's filters and sorting (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Person, Team
from channels_registry.choices import ChannelStatus
from channels_registry.models import Platform
from channels_registry.risk import filter_by_risk, risk_flags
from core.filters import OrderingFilter, offer


class ChannelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    platform = django_filters.ModelChoiceFilter(
        queryset=Platform.objects.order_by("name"), label=_("Platform")
    )
    status = django_filters.ChoiceFilter(choices=ChannelStatus.choices, label=_("Status"))
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.none(), label=_("Team"))
    owner = django_filters.ModelChoiceFilter(
        queryset=Person.objects.none(), method="by_owner", label=_("Owner or backup")
    )
    risk = django_filters.ChoiceFilter(choices=(), method="by_risk", label=_("Risk"))
    sort = OrderingFilter(
        fields=(
            ("name", "name"),
            ("platform__name", "platform"),
            ("status", "status"),
            ("team__name", "team"),
            ("business_owner__last_name", "owner"),
            ("risk_count", "risk"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "name": _("Name"),
            "platform__name": _("Platform"),
            "status": _("Status"),
            "team__name": _("Team"),
            "business_owner__last_name": _("Owner"),
            "risk_count": _("Risks"),
            "updated_at": _("Updated"),
        },
        label=_("Sort by"),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["risk"].extra["choices"] = [(flag.key, flag.label) for flag in risk_flags]
        offer(self.filters["team"], "teams")
        # Only the owners of channels the user may see: the list must not reveal the others.
        offer(self.filters["owner"], "people.owners", user)

    def filter_queryset(self, queryset):
        # Archived channels leave the list unless asked for by their status.
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=ChannelStatus.ARCHIVED)
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(handle__icontains=value.lstrip("@"))
            | Q(url__icontains=value)
        )

    def by_owner(self, queryset, name, value):
        return (
            queryset.filter(Q(business_owner=value) | Q(backup_owner=value)) if value else queryset
        )

    def by_risk(self, queryset, name, value):
        return filter_by_risk(queryset, value) if value else queryset
