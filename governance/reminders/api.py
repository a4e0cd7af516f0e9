"""The REST API's "my tasks": what the reminder providers say the user must do, grouped by kind,
the same answer as the My tasks page (governance.reminders.engine.my_tasks).

One document, not a paged list: it holds what is due to one person now, as the page does. A lead
may have thousands of items: the document is built as plain data, in the shape the serializers
below describe for the schema (a test keeps the two equal), not field by field through them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from governance.reminders.engine import my_tasks
from governance.reminders.mine import tasks_total


class TaskItemSerializer(serializers.Serializer):
    item_id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    url = serializers.CharField(help_text="The page where it is done.")


class TaskSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    overdue = serializers.IntegerField()
    items = TaskItemSerializer(many=True)


class MyTasksSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    sections = TaskSectionSerializer(many=True)


class MyTasksViewSet(viewsets.GenericViewSet):
    """What you must do, by kind, soonest due first."""

    scope_area = "access"
    serializer_class = MyTasksSerializer
    pagination_class = None
    single_document = True  # the schema's: one document, not a list
    filter_backends: list = []

    @extend_schema(responses=MyTasksSerializer)
    def list(self, request) -> Response:
        return Response(my_tasks_document(my_tasks(request.user)))


def my_tasks_document(sections: list[dict]) -> dict:
    """MyTasksSerializer's representation of `sections`."""
    return {
        "count": tasks_total(sections),  # the header's count, and the digest's
        "sections": [
            {
                "key": section["key"],
                "label": str(section["label"]),
                "overdue": section["overdue"],
                "items": [
                    {
                        "item_id": item.item_id,
                        "title": str(item.title),
                        "due_on": item.due_on.isoformat(),
                        "url": item.url,
                    }
                    for item in section["items"]
                ],
            }
            for section in sections
        ],
    }
