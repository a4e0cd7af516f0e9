"""A benchmark organisation can hold years of history: past changes are added, in bulk, to what
building it recorded changes of, up to its size's count, all in the past three years."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.demo import SIZES, build_organisation
from accounts.models import ObjectChange
from core.demo import Size

pytestmark = pytest.mark.django_db


def test_history_is_added_up_to_the_sizes_count(monkeypatch):
    wanted = 5_000
    size = Size("tiny", people=20, channels=10, grants=40, history=wanted)
    monkeypatch.setitem(SIZES, "tiny", size)
    before = timezone.now()

    build_organisation("tiny", password="unused-pass-1")

    assert ObjectChange.objects.count() == wanted
    recorded = ObjectChange.objects.filter(changed_at__gte=before)  # by building it
    added = ObjectChange.objects.filter(changed_at__lt=before - dt.timedelta(hours=23))
    assert recorded.exists() and added.count() == wanted - recorded.count()
    assert set(added.values_list("content_type_id", "object_id")) <= set(
        recorded.values_list("content_type_id", "object_id")
    )
    oldest = added.order_by("changed_at").first().changed_at
    assert oldest >= before - dt.timedelta(days=3 * 365 + 1)
    build_organisation("tiny", password="unused-pass-1")  # once there, nothing more
    assert ObjectChange.objects.count() == wanted
