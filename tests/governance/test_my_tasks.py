"""One source says what a person must do: the header's count, My tasks, the home page and the
Access page read it, and a committed write that changes it is seen at once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.history import history_version
from accounts.models import Person
from governance import services
from governance.access.views.home import SHOWN_TASKS
from governance.models import Reminder, ReviewItem
from governance.reminders import delivery, engine
from governance.reminders.engine import my_tasks, my_tasks_count
from governance.reminders.mine import tasks_total
from governance.reminders.registry import reminder_kinds
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, role
from tests.support.clock import at, on
from tests.support.queries import exact_queries, pinned_queries

pytestmark = pytest.mark.django_db

HEADER = re.compile(r'My tasks <span class="badge text-bg-light">(\d+)</span>')
REQUESTS = re.compile(r'Requests to decide <span class="badge text-bg-secondary">(\d+)</span>')


def _header(client, url: str = "/") -> int:
    return int(HEADER.search(client.get(url).content.decode()).group(1))


def _page_total(client) -> int:
    return client.get(reverse("governance:my_tasks")).context["total"]


def _section(client, key: str) -> list:
    sections = client.get(reverse("governance:my_tasks")).context["sections"]
    return next((s["items"] for s in sections if s["key"] == key), [])


def _access_badge(client) -> int:
    return int(REQUESTS.search(client.get(reverse("governance:index")).content.decode()).group(1))


def _request(actor, channel, first: str):
    return services.request_create(
        actor=actor,
        channel=channel,
        person=PersonFactory(first_name=first),
        role=role("facebook", "publish"),
        reason="Runs the campaign",
    )


@pytest.fixture
def world(personas):
    """The owner reviews five accesses and is first in line for two requests; the lead is first in
    line for one request (on a channel whose owners have no login) and may decide all three."""
    owned = ChannelFactory(name="Owned page", business_owner=personas.owner.person)
    orphan = ChannelFactory(name="Orphan page")
    for n in range(5):
        GrantFactory(channel=owned, person=PersonFactory(first_name=f"Holder{n}"))
    review = services.review_create(
        actor=personas.lead,
        name="Autumn review",
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )
    services.review_open(actor=personas.lead, review=review)
    requests = [
        _request(personas.member, owned, "Asker"),
        _request(personas.member, owned, "Other"),
        _request(personas.member, orphan, "Orphaned"),
    ]
    return requests


def test_the_header_my_tasks_the_home_and_the_access_page_agree_after_decisions(
    client, personas, world, django_capture_on_commit_callbacks
):
    requests = world
    client.force_login(personas.owner)
    assert _header(client) == _page_total(client) == 7  # 5 reviews + 2 requests

    home = client.get(reverse("home"))
    panel = next(data for panel, data in home.context["panels"] if panel.key == "my_tasks")
    reviews = next(s for s in panel["sections"] if s["key"] == "review_item")
    # Five items of one campaign make one line, linking to that campaign's items.
    assert reviews["count"] == 5 and len(reviews["first"]) == 1 and reviews["more"] == 0
    campaign = ReviewItem.objects.filter(reviewer=personas.owner).first().review
    line = f'href="{reverse("governance:my_review_items")}?review={campaign.pk}"'
    assert line in home.content.decode() and "Autumn review: 5 items to decide" in (
        home.content.decode()
    )
    tasks_page = client.get(reverse("governance:my_tasks")).content.decode()
    assert 'id="tasks-review_item"' in tasks_page and line in tasks_page
    assert tasks_page.count("Autumn review: 5 items to decide") == 1
    assert "Review Holder" not in tasks_page  # no line per item
    assert _access_badge(client) == 2 == len(_section(client, "access_request"))

    # The header's count is cached now; each decision is committed, and the header follows.
    assert _header(client, reverse("governance:matrix")) == 7
    items = list(ReviewItem.objects.filter(reviewer=personas.owner).order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("governance:my_review_items"),
            {"items": [i.pk for i in items[:3]], "decision": "keep", "comment": "Still posts"},
        )
    assert _header(client, reverse("governance:matrix")) == _page_total(client) == 4
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("governance:request_decide", args=[requests[0].pk]),
            {"decision": "approve", "comment": "Welcome"},
        )
    assert _header(client, reverse("governance:matrix")) == _page_total(client) == 3
    assert _access_badge(client) == 1 == len(_section(client, "access_request"))
    home = client.get(reverse("home"))
    panel = next(data for panel, data in home.context["panels"] if panel.key == "my_tasks")
    assert panel["total"] == 3 == _header(client)
    reviews = next(s for s in panel["sections"] if s["key"] == "review_item")
    assert reviews["more"] == 0 and "#tasks-review_item" not in home.content.decode()


def test_the_access_page_counts_what_is_the_users_to_decide_and_the_inbox_says_the_rest(
    client, personas, world
):
    requests = world
    client.force_login(personas.lead)
    mine = _section(client, "access_request")
    assert [item.item_id for item in mine] == [requests[2].pk]
    assert _access_badge(client) == 1
    inbox = client.get(reverse("governance:requests"))
    assert inbox.context["waiting"] == [requests[2]]
    # A lead may decide the owner's requests too; they are offered apart, not counted as due.
    assert set(inbox.context["others"]) == {requests[0], requests[1]}
    content = inbox.content.decode()
    assert "Waiting for your decision" in content and "You may also decide" in content
    assert content.index("Orphaned") < content.index("You may also decide") < content.index("Asker")


def test_the_access_page_lists_the_revocations_of_my_tasks(client, personas):
    owned = ChannelFactory(name="Owned page", business_owner=personas.owner.person)
    leaver = PersonFactory(first_name="Leo", last_name="Leaver")
    GrantFactory(channel=owned, person=leaver)
    services.offboarding_start(
        actor=personas.lead, person=leaver, last_day=timezone.localdate() + dt.timedelta(days=3)
    )
    client.force_login(personas.owner)
    tasks = _section(client, "offboarding_task")
    assert tasks
    page = client.get(reverse("governance:index"))
    assert [item.item_id for item in page.context["tasks"]["items"]] == [t.item_id for t in tasks]
    content = page.content.decode()
    for item in tasks:
        assert f'href="{item.url}"' in content


def test_the_access_page_shows_the_soonest_revocations_and_counts_the_rest(client, personas):
    owned = ChannelFactory(name="Owned page", business_owner=personas.owner.person)
    for n in range(SHOWN_TASKS + 3):
        GrantFactory(channel=owned, person=PersonFactory(first_name=f"Leaver{n}"))
    for leaver in Person.objects.filter(first_name__startswith="Leaver"):
        services.offboarding_start(
            actor=personas.lead, person=leaver, last_day=timezone.localdate() + dt.timedelta(days=3)
        )
    client.force_login(personas.owner)
    tasks = _section(client, "offboarding_task")
    assert len(tasks) == SHOWN_TASKS + 3
    page = client.get(reverse("governance:index")).content.decode()
    listed = re.search(r'id="access-tasks">(.*?)</ul>', page, re.S).group(1)
    shown = re.findall(r'href="([^"]+)"', listed)
    assert shown == [item.url for item in tasks[:SHOWN_TASKS]]  # soonest due first
    more = re.search(r'id="access-tasks-more">([^<]+)<', page).group(1)
    assert more == "3 more in My tasks"


def test_the_kinds_the_database_counts_count_what_they_list(personas, world):
    owned = ChannelFactory(business_owner=personas.owner.person)
    leaver = PersonFactory()
    GrantFactory(channel=owned, person=leaver)
    services.offboarding_start(
        actor=personas.lead, person=leaver, last_day=timezone.localdate() + dt.timedelta(days=3)
    )
    now = timezone.now()
    counted = [kind for kind in reminder_kinds if kind.count is not None]
    assert {kind.key for kind in counted} == {"offboarding_task", "review_item"}
    for user in (personas.owner, personas.lead, personas.member):
        for kind in counted:
            listed = len(list(kind.due_items(now, recipient=user)))
            assert kind.count(now, user) == listed, (user, kind.key)
    assert my_tasks_count(personas.owner, now=now) == tasks_total(my_tasks(personas.owner, now=now))


def test_the_count_is_read_from_the_cache_until_a_change_is_committed(
    personas, world, django_capture_on_commit_callbacks
):
    owner = personas.owner
    assert my_tasks_count(owner) == 7
    with exact_queries(0, what="a cached count"):  # no provider runs while nothing changed
        assert my_tasks_count(owner) == 7

    item = ReviewItem.objects.filter(reviewer=owner).first()
    version = history_version()
    try:
        with transaction.atomic():
            services.review_item_decide(actor=owner, item=item, decision="keep", comment="x")
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert history_version() == version  # a rolled-back write moves nothing
    assert my_tasks_count(owner) == 7

    with django_capture_on_commit_callbacks(execute=True):
        services.review_item_decide(actor=owner, item=item, decision="keep", comment="x")
    assert history_version() != version
    assert my_tasks_count(owner) == 6 == sum(len(s["items"]) for s in my_tasks(owner))


def test_my_tasks_makes_one_line_per_campaign_by_deadline(client, personas):
    channel = ChannelFactory(name="Owned page", business_owner=personas.owner.person)
    GrantFactory(channel=channel, person=PersonFactory(first_name="First"))
    early = services.review_create(
        actor=personas.lead, name="Early review", due_on=timezone.localdate() + dt.timedelta(3)
    )
    services.review_open(actor=personas.lead, review=early)
    for n in range(2):
        GrantFactory(channel=channel, person=PersonFactory(first_name=f"Later{n}"))
    late = services.review_create(
        actor=personas.lead, name="Late review", due_on=timezone.localdate() + dt.timedelta(9)
    )
    services.review_open(actor=personas.lead, review=late)
    reviews = next(s for s in my_tasks(personas.owner) if s["key"] == "review_item")
    assert [(line.title, line.count, line.due_on) for line in reviews["lines"]] == [
        ("Early review: 1 item to decide", 1, early.due_on),
        ("Late review: 2 items to decide", 2, late.due_on),
    ]
    assert my_tasks_count(personas.owner) == 3  # the count stays one per item
    client.force_login(personas.owner)
    page = client.get(reviews["lines"][1].url)
    assert {item.person.first_name for item in page.context["page"]} == {"Later0", "Later1"}


DAY = dt.date(2026, 11, 23)


def test_the_digest_says_the_headers_count_even_with_escalations(
    client, personas, settings, django_capture_on_commit_callbacks
):
    """The lead is told of the owner's overdue campaign (escalations) besides their own request:
    the digest's subject still counts what the lead has to do, as the header does."""
    settings.REMINDER_ESCALATE_AFTER_DAYS = 1
    with on(DAY):
        owned = ChannelFactory(name="Owned page", business_owner=personas.owner.person)
        for n in range(4):
            GrantFactory(channel=owned, person=PersonFactory(first_name=f"Holder{n}"))
        review = services.review_create(
            actor=personas.lead, name="Short review", due_on=DAY + dt.timedelta(days=2)
        )
        services.review_open(actor=personas.lead, review=review)
        _request(personas.member, ChannelFactory(name="Orphan page"), "Orphaned")
    later = DAY + dt.timedelta(days=5)  # the campaign is three days late: it escalates
    with on(later, 6):
        with django_capture_on_commit_callbacks(execute=True):
            engine.sweep(now=at(later, 6))
        escalations = Reminder.objects.filter(recipient=personas.lead, stage="escalation")
        assert escalations.count() == 4
    with on(later, 10):
        for user in (personas.lead, personas.owner):
            mail.outbox.clear()
            delivery.send_digest(recipient_id=user.pk, now=at(later, 10))
            subject = mail.outbox[-1].subject
            client.force_login(user)
            header = _header(client)
            counted = int(re.search(r"(\d+) things? to do", subject).group(1))
            assert counted == header == my_tasks_count(user, now=at(later, 10)), (user, subject)
        assert header == 4  # the owner's four items
    assert mail.outbox[-1].subject == "Gouvernail: 4 things to do"


def _campaign_of(lead, owner, name: str, items: int, days: int) -> None:
    channel = ChannelFactory(name=f"{name} page", business_owner=owner.person)
    for n in range(items):
        GrantFactory(channel=channel, person=PersonFactory(first_name=f"{name}{n}"))
    review = services.review_create(
        actor=lead, name=name, due_on=timezone.localdate() + dt.timedelta(days=days)
    )
    services.review_open(actor=lead, review=review)


def test_my_tasks_query_count_does_not_grow_with_campaigns_or_items(client, personas):
    _campaign_of(personas.lead, personas.owner, "Small", 3, 10)
    client.force_login(personas.owner)
    url = reverse("governance:my_tasks")
    client.get(url)  # the first request of a session records it (allauth usersessions)
    with pinned_queries("governance/my-tasks"):
        assert client.get(url).status_code == 200
    _campaign_of(personas.lead, personas.owner, "Large", 60, 20)
    _campaign_of(personas.lead, personas.owner, "Later", 20, 30)
    with pinned_queries("governance/my-tasks"):
        response = client.get(url)
    lines = next(s for s in response.context["sections"] if s["key"] == "review_item")["lines"]
    assert [line.count for line in lines] == [3, 60, 20]
