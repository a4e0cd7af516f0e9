"""Paging in two steps gives the page the one-step Paginator gives, rows and order alike."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from accounts.models import Person
from core.pagination import page_of
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["1", "2", "3", "99", "junk"])
def test_a_page_holds_the_same_rows_in_the_same_order(number):
    for n in range(12):
        PersonFactory(last_name=f"Name{n % 4}", first_name=f"First{11 - n}")
    people = Person.objects.select_related("team").order_by("last_name", "first_name", "pk")
    expected = Paginator(people, 5).get_page(number)
    page = page_of(people, 5, number)
    assert page.number == expected.number and page.paginator.count == 12
    assert [p.pk for p in page.object_list] == [p.pk for p in expected.object_list]
    assert all(p.team_id is None or p.team.name for p in page.object_list)  # related rows read
