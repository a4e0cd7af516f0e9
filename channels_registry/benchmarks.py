"""Registry pages measured by `manage.py benchmark`."""

from django.urls import reverse

from channels_registry.models import Channel
from core.benchmarks import BenchmarkPage, admin_list


def first_channel(org) -> int:
    """The first channel of the organisation, the one channel pages are measured on."""
    return Channel.objects.order_by("pk").first().pk


PAGES = (
    BenchmarkPage(
        "channel list",
        lambda org: reverse("channels_registry:index"),
        admin=admin_list("channels_registry.channel"),
    ),
    BenchmarkPage(
        "channel list, flag filter",
        lambda org: reverse("channels_registry:index") + "?risk=no_backup",
    ),
    BenchmarkPage(
        "channel page",
        lambda org: reverse("channels_registry:detail", args=[first_channel(org)]),
        admin=lambda org: reverse(
            "admin:channels_registry_channel_change", args=[first_channel(org)]
        ),
    ),
    BenchmarkPage(
        "platform catalogue",
        lambda org: reverse("channels_registry:platforms"),
        admin=admin_list("channels_registry.platform"),
    ),
    BenchmarkPage("API: channels, 200", lambda org: reverse("api:channel-list") + "?page_size=200"),
)
