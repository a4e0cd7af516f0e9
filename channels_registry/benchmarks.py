"""Registry pages measured by `manage.py benchmark`."""

from django.urls import reverse

from channels_registry.models import Channel
from core.benchmarks import BenchmarkPage

PAGES = (
    BenchmarkPage("channel list", lambda org: reverse("channels_registry:index")),
    BenchmarkPage(
        "channel list, flag filter",
        lambda org: reverse("channels_registry:index") + "?risk=no_backup",
    ),
    BenchmarkPage(
        "channel page",
        lambda org: reverse(
            "channels_registry:detail", args=[Channel.objects.order_by("pk").first().pk]
        ),
    ),
    BenchmarkPage("platform catalogue", lambda org: reverse("channels_registry:platforms")),
    BenchmarkPage("API: channels, 200", lambda org: reverse("api:channel-list") + "?page_size=200"),
)
