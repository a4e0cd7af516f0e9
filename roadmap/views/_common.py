"""What the roadmap views share: the read and write checks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from roadmap.rules import may_plan, may_read_roadmap


def reading(user) -> None:
    if not may_read_roadmap(user):
        raise PermissionDenied


def planning(user) -> None:
    if not may_plan(user):
        raise PermissionDenied
