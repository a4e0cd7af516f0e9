"""The REST API of off-boardings: read them as their pages show them, start one (the person
page's form and `offboarding_start`), read their tasks, confirm one (the task page's form and
`offboarding_task_confirm`). Every read starts from governance.offboarding.selectors."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import people_visible_to
from core.rest.etags import ETagMixin
from core.rest.filters import IdFilter
from core.rest.forms import cleaned
from core.rest.views import VisibleToUser
from governance import services
from governance.actions.forms import TaskConfirmForm
from governance.choices import OffboardingStatus, TaskKind, TaskStatus
from governance.models import Offboarding, Task
from governance.offboarding.forms import OffboardingForm
from governance.offboarding.selectors import offboarding_tasks_for, offboardings_for
from governance.rules import may_confirm_task, may_offboard


class OffboardingSerializer(serializers.ModelSerializer):
    task_total = serializers.IntegerField(read_only=True)
    task_done = serializers.IntegerField(read_only=True)

    class Meta:
        model = Offboarding
        fields = ("id", "person", "last_day", "reason", "status", "initiated_by", "created_at")
        fields += ("completed_at", "account_deactivated_at", "task_total", "task_done")
        read_only_fields = fields


class OffboardingStartSerializer(serializers.Serializer):
    """A person's off-boarding, as their page starts it."""

    person = serializers.IntegerField()
    last_day = serializers.DateField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class OffboardingFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=OffboardingStatus.choices)
    person = IdFilter()

    class Meta:
        model = Offboarding
        fields: list[str] = []


class OffboardingViewSet(
    VisibleToUser, ETagMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Off-boardings: all of them to leads and auditors, to anyone else those they have a task
    in; newest first."""

    scope_area = "offboarding"
    serializer_class = OffboardingSerializer
    filterset_class = OffboardingFilter
    ordering = "-pk"

    model = Offboarding

    def visible(self, user):
        return offboardings_for(user)

    @extend_schema(request=OffboardingStartSerializer, responses={201: OffboardingSerializer})
    def create(self, request, *args, **kwargs):
        """Start a person's off-boarding: every assignee is told at once."""
        if not may_offboard(request.user):
            raise PermissionDenied
        asked = OffboardingStartSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        person = people_visible_to(request.user).filter(pk=asked.validated_data["person"]).first()
        if person is None:
            raise ValidationError({"person": _("No such person.")})
        data = cleaned(OffboardingForm(asked.validated_data))
        started = services.offboarding_start(actor=request.user, person=person, **data)
        answer = self.get_serializer(self.get_queryset().get(pk=started.pk)).data
        return Response(answer, status=status.HTTP_201_CREATED)


class OffboardingTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ("id", "offboarding", "kind", "channel", "grant", "assignee", "due_on")
        fields += ("status", "done_at", "done_by", "evidence")
        read_only_fields = fields


class TaskConfirmSerializer(serializers.Serializer):
    evidence = serializers.CharField()
    new_person = serializers.IntegerField(
        required=False, allow_null=True, help_text="Who takes over (a reassignment task)."
    )


class OffboardingTaskFilter(django_filters.FilterSet):
    offboarding = IdFilter()
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)
    kind = django_filters.ChoiceFilter(choices=TaskKind.choices)
    assignee = IdFilter(help_text="A user.")

    class Meta:
        model = Task
        fields: list[str] = []


class OffboardingTaskViewSet(VisibleToUser, ETagMixin, viewsets.ReadOnlyModelViewSet):
    """The tasks of the off-boardings you see."""

    scope_area = "offboarding"
    serializer_class = OffboardingTaskSerializer
    filterset_class = OffboardingTaskFilter

    model = Task

    def visible(self, user):
        return offboarding_tasks_for(user)

    @extend_schema(request=TaskConfirmSerializer, responses=OffboardingTaskSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None) -> Response:
        """Confirm the task with its evidence, as its page does (If-Match is honoured); the
        last task of an off-boarding completes it."""
        task = self.get_object()
        if not may_confirm_task(request.user, task):
            raise PermissionDenied
        self.if_match(task)
        asked = TaskConfirmSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = cleaned(TaskConfirmForm(asked.validated_data, task=task))
        done = services.offboarding_task_confirm(actor=request.user, task=task, **data)
        return Response(self.get_serializer(done).data)
