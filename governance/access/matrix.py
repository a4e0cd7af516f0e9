"""The access matrix: people by channels, one page of each at a time, cells by privilege level."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import Person
from channels_registry.choices import ChannelStatus
from channels_registry.models import Channel
from governance.choices import HOLDING_STATUSES
from governance.models import AccessGrant

ROWS_PER_PAGE = 40
COLUMNS_PER_PAGE = 20


@dataclass
class Matrix:
    people: object  # a Page of Person
    channels: object  # a Page of Channel
    rows: list[tuple[Person, list[str | None]]]


def _holdings(channels: QuerySet[Channel]) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.filter(
        status__in=HOLDING_STATUSES, channel__in=channels.values("pk")
    )


def build(user, *, team=None, platform=None, partner=None, person_page=1, channel_page=1) -> Matrix:
    channels = Channel.objects.visible_to(user).exclude(status=ChannelStatus.ARCHIVED)
    if platform:
        channels = channels.filter(platform=platform)
    holdings = _holdings(channels)
    channels = channels.filter(Exists(holdings.filter(channel=OuterRef("pk")))).select_related(
        "platform"
    )
    people = Person.objects.filter(Exists(holdings.filter(person=OuterRef("pk"))))
    if team:
        people = people.filter(team=team)
    if partner:
        people = people.filter(partner=partner)
    people_page = Paginator(
        people.select_related("partner").order_by("last_name", "first_name", "pk"), ROWS_PER_PAGE
    ).get_page(person_page)
    channels_page = Paginator(
        channels.order_by("platform__name", "name", "pk"), COLUMNS_PER_PAGE
    ).get_page(channel_page)
    shown_people = list(people_page)
    shown_channels = list(channels_page)
    cells: dict[tuple[int, int], str] = {}
    for person_id, channel_id, level in holdings.filter(
        person__in=[p.pk for p in shown_people], channel__in=[c.pk for c in shown_channels]
    ).values_list("person_id", "channel_id", "role__privilege_level"):
        cells[(person_id, channel_id)] = level
    rows = [
        (person, [cells.get((person.pk, channel.pk)) for channel in shown_channels])
        for person in shown_people
    ]
    return Matrix(people=people_page, channels=channels_page, rows=rows)


def export_rows(user):
    yield [
        "person",
        "email",
        "partner",
        "channel",
        "platform",
        "handle",
        "role",
        "privilege_level",
        "status",
        "granted_at",
        "expires_on",
    ]
    grants = (
        _holdings(Channel.objects.visible_to(user).exclude(status=ChannelStatus.ARCHIVED))
        .select_related("person__partner", "channel__platform", "role")
        .order_by("person__last_name", "channel__name")
    )
    for g in grants.iterator(chunk_size=1000):
        yield [
            g.person.full_name,
            g.person.email,
            g.person.partner.name if g.person.partner else "",
            g.channel.name,
            g.channel.platform.name,
            g.channel.handle,
            g.role.name,
            g.role.privilege_level,
            g.status,
            g.granted_at.date().isoformat(),
            g.expires_on.isoformat() if g.expires_on else "",
        ]
