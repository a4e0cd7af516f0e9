from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsRegistryConfig(AppConfig):
    name = "channels_registry"
    verbose_name = _("Channel registry")

    def ready(self) -> None:
        from accounts.benchmarks import register_benchmark_page
        from accounts.demo import register_demo_builder
        from channels_registry import benchmarks, demo

        register_demo_builder(demo.build_channels)
        for page in benchmarks.PAGES:
            register_benchmark_page(page)
