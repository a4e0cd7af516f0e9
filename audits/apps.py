from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits")

    def ready(self) -> None:
        from audits import benchmarks, dashboard, demo, views
        from audits.reminders import PLATFORM_EVALUATION
        from audits.rules import may_read_audits, may_read_evaluations
        from channels_registry.tabs import channel_tabs
        from core.benchmarks import benchmark_pages
        from core.dashboard import dashboard_panels
        from core.demo import demo_builders
        from core.navigation import Area, Link, navigation_areas
        from governance.reminders.registry import reminder_kinds

        navigation_areas.register(
            Area(
                "audits:index",
                _("Audits"),
                _("Channel audits, peer benchmarks and platform evaluations."),
                40,
                may_read_audits,
                links=(
                    Link("audits:index", _("Audits")),
                    Link("audits:criteria", _("Criteria")),
                    Link("audits:peers", _("Peers")),
                    Link("audits:platforms", _("Platform evaluations"), may_read_evaluations),
                ),
            )
        )
        channel_tabs.register(views.AUDITS_TAB)
        dashboard_panels.register(dashboard.PLATFORMS)
        reminder_kinds.register(PLATFORM_EVALUATION)
        demo_builders.register(demo.build_audits)
        for page in benchmarks.PAGES:
            benchmark_pages.register(page)
