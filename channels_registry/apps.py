from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsRegistryConfig(AppConfig):
    name = "channels_registry"
    verbose_name = _("Channel registry")

    def ready(self) -> None:
        from accounts.selectors import HistoryShown, history_shown
        from channels_registry import benchmarks, dashboard, demo, pickers
        from channels_registry.models import Channel
        from core.benchmarks import benchmark_pages
        from core.dashboard import dashboard_panels
        from core.demo import demo_builders, demo_finishers
        from core.navigation import Area, Link, navigation_areas
        from core.pickers import picker_sources

        navigation_areas.register(
            Area(
                "channels_registry:index",
                _("Channels"),
                _("Every account, page and handle, its owners and its security."),
                10,
                links=(
                    Link("channels_registry:index", _("All channels")),
                    Link("channels_registry:platforms", _("Platforms")),
                ),
            )
        )
        for source in pickers.SOURCES:
            picker_sources.register(source)
        demo_builders.register(demo.build_channels)
        demo_finishers.register(demo.build_risk_history)
        dashboard_panels.register(dashboard.RISK)
        dashboard_panels.register(dashboard.MY_CHANNELS)
        for page in benchmarks.PAGES:
            benchmark_pages.register(page)
        # The channel page's History tab shows a channel's history to whoever sees the channel.
        history_shown.register(HistoryShown(Channel, lambda user: Channel.objects.visible_to(user)))
