"""The one Registry every slot is made of: a duplicate key is refused, by name."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.registry import Registry, by_name


@dataclass(frozen=True)
class Item:
    key: str
    order: int = 0


def test_items_come_in_order_and_a_duplicate_is_refused():
    slot = Registry("test items", order=lambda item: item.order)
    slot.register(Item("b", 2))
    slot.register(Item("a", 1))
    assert [item.key for item in slot] == ["a", "b"] and slot.keys() == ["a", "b"]
    assert "a" in slot and slot.get("a") == Item("a", 1) and slot.get("z") is None
    with pytest.raises(ImproperlyConfigured, match="test items: 'a' is registered twice"):
        slot.register(Item("a", 9))


def test_a_test_registers_for_a_block_only():
    slot = Registry("test items")
    with slot.registered(Item("x")):
        assert len(slot) == 1
    assert len(slot) == 0


def test_functions_are_known_by_their_dotted_name():
    slot = Registry("builders", key=by_name)
    slot.register(test_functions_are_known_by_their_dotted_name)
    assert slot.keys() == [f"{__name__}.test_functions_are_known_by_their_dotted_name"]


def test_every_slot_is_filled_once_at_start_up():
    from audits.finding_actions import finding_actions
    from channels_registry.risk import risk_flags
    from channels_registry.rules import visibility_rules
    from channels_registry.tabs import channel_tabs
    from core.benchmarks import benchmark_pages
    from core.dashboard import dashboard_panels
    from core.demo import demo_builders, demo_finishers
    from core.navigation import navigation_areas
    from core.pickers import picker_sources
    from governance.reminders.registry import reminder_kinds

    assert navigation_areas.keys() == [
        "home",
        "channels_registry:index",
        "governance:index",
        "policies:index",
        "audits:index",
        "roadmap:index",
    ]
    assert channel_tabs.keys() == ["overview", "access", "platform", "crisis", "audits", "history"]
    assert picker_sources.keys() == [
        "people.active",
        "people.current",
        "people.all",
        "users.taking_part",
        "teams",
        "channels.open",
        "people.owners",
    ]
    for slot in (
        finding_actions,
        risk_flags,
        visibility_rules,
        benchmark_pages,
        dashboard_panels,
        demo_builders,
        demo_finishers,
        reminder_kinds,
    ):
        assert len(slot) > 0, slot.holds


def test_the_navigation_marks_the_area_a_page_lies_in(personas):
    from django.utils import translation

    from core.navigation import navigation_for

    def current(user, path):
        header, links, _area = navigation_for(user, path)
        with translation.override("en"):  # whatever language an earlier test left active
            return [str(item.label) for item in header + links if item.current]

    assert current(personas.lead, "/") == ["Dashboard"]
    assert current(personas.lead, "/channels/12/platform/") == ["Channels"]
    assert current(personas.lead, "/channels/platforms/") == ["Channels", "Platforms"]
    assert current(personas.lead, "/access/") == ["Access", "Overview"]
    assert current(personas.lead, "/access/people/3/") == ["Access", "People"]
    assert current(personas.lead, "/access/reviews/mine/") == ["Access", "My review items"]
    assert current(personas.lead, "/access/reviews/4/") == ["Access", "Access reviews"]
    assert current(personas.lead, "/accounts/profile/") == []
    # The dashboard is for those who see everything; a team member's home is no area, and the
    # directory of people is not in their area's links.
    header, links, _area = navigation_for(personas.member, "/access/")
    with translation.override("en"):
        assert "Dashboard" not in [str(item.label) for item in header]
        assert "People" not in [str(item.label) for item in links]
