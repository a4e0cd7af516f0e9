from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsRegistryConfig(AppConfig):
    name = "channels_registry"
    verbose_name = _("Channel registry")

    def ready(self) -> None:
        from accounts.benchmarks import register_benchmark_page
        from accounts.dashboard import register_dashboard_panel
        from accounts.demo import register_demo_builder
        from channels_registry import benchmarks, dashboard, demo

        register_demo_builder(demo.build_channels)
        register_demo_builder(demo.build_risk_history, after_all=True)
        register_dashboard_panel(dashboard.RISK)
        register_dashboard_panel(dashboard.MY_CHANNELS)
        for page in benchmarks.PAGES:
            register_benchmark_page(page)
