"""The access matrix: people by channels, cells by privilege level.

Without a chosen person, one page of people by one page of channels. With a person chosen (by
id) or searched for (by name or e-mail), their whole rows: every channel, never paged sideways.
Either way a bounded number of queries, whatever the number of people and channels."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Person
from channels_registry.choices import ChannelStatus
from channels_registry.models import Channel, Platform
from governance.choices import HOLDING_STATUSES
from governance.models import AccessGrant

ROWS_PER_PAGE = 40
COLUMNS_PER_PAGE = 20
# Whole rows are as wide as every channel: fewer of them on a page.
WHOLE_ROWS_PER_PAGE = 10


@dataclass
class Matrix:
    people: Page  # a Page of Person
    channels: Page | None  # a Page of Channel; None when whole rows are shown
    columns: list[Channel]
    rows: list[tuple[Person, list[str | None]]]
    # The platforms of the columns, in order, each with how many columns it spans.
    platforms: list[tuple[Platform, int]] = field(default_factory=list)

    @property
    def whole_rows(self) -> bool:
        return self.channels is None


def _holdings(channels: QuerySet[Channel]) -> QuerySet[AccessGrant]:
    return AccessGrant.objects.filter(
        status__in=HOLDING_STATUSES, channel__in=channels.values("pk")
    )


def _matching(people: QuerySet[Person], search: str) -> QuerySet[Person]:
    """Each word of the search in the first name, the last name or the e-mail."""
    for word in search.split():
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return people


def _scope(user, *, team, platform, partner):
    """The channels the user may see that someone holds, the holdings on them, their holders."""
    channels = Channel.objects.visible_to(user).exclude(status=ChannelStatus.ARCHIVED)
    if platform:
        channels = channels.filter(platform=platform)
    holdings = _holdings(channels)
    channels = (
        channels.filter(Exists(holdings.filter(channel=OuterRef("pk"))))
        .select_related("platform")
        .only("name", "platform__name", "platform__slug")
    )
    people = Person.objects.filter(Exists(holdings.filter(person=OuterRef("pk"))))
    if team:
        people = people.filter(team=team)
    if partner:
        people = people.filter(partner=partner)
    return channels, holdings, people


def _rows(holdings, people: list[Person], columns: list[Channel]):
    """Each person with the privilege level they hold on each column (None: nothing), in one
    query."""
    cells: dict[tuple[int, int], str] = {}
    if people and columns:
        for person_id, channel_id, level in (
            holdings.filter(person__in=[p.pk for p in people], channel__in=[c.pk for c in columns])
            .order_by()
            .values_list("person_id", "channel_id", "role__privilege_level")
        ):
            cells[(person_id, channel_id)] = level
    return [(person, [cells.get((person.pk, c.pk)) for c in columns]) for person in people]


def build(
    user,
    *,
    team=None,
    platform=None,
    partner=None,
    person=None,
    search: str = "",
    person_page=1,
    channel_page=1,
) -> Matrix:
    """The matrix `user` may see, filtered; whole rows when a person is chosen or searched."""
    channels, holdings, people = _scope(user, team=team, platform=platform, partner=partner)
    whole_rows = bool(person or search.strip())
    if person:
        people = people.filter(pk=person.pk)
    people = _matching(people, search)
    people_page = Paginator(
        people.select_related("partner").order_by("last_name", "first_name", "pk"),
        WHOLE_ROWS_PER_PAGE if whole_rows else ROWS_PER_PAGE,
    ).get_page(person_page)
    ordered = channels.order_by("platform__name", "name", "pk")
    channels_page = (
        None if whole_rows else Paginator(ordered, COLUMNS_PER_PAGE).get_page(channel_page)
    )
    columns = list(ordered if channels_page is None else channels_page)
    platforms = [(group, len(list(of_group))) for group, of_group in groupby(columns, _platform)]
    return Matrix(
        people=people_page,
        channels=channels_page,
        columns=columns,
        rows=_rows(holdings, list(people_page), columns),
        platforms=platforms,
    )


def _platform(channel: Channel) -> Platform:
    return channel.platform


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
