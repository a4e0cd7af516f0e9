from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits")

    def ready(self) -> None:
        from accounts.areas import register_area_guard
        from accounts.benchmarks import register_benchmark_page
        from accounts.dashboard import register_dashboard_panel
        from accounts.demo import register_demo_builder
        from audits import benchmarks, dashboard, demo, views
        from audits.reminders import PLATFORM_EVALUATION
        from audits.rules import may_read_audits
        from channels_registry.tabs import register_channel_tab
        from governance.reminders.registry import register_reminder_kind

        register_area_guard("audits:index", may_read_audits)
        register_channel_tab(views.AUDITS_TAB)
        register_dashboard_panel(dashboard.PLATFORMS)
        register_reminder_kind(PLATFORM_EVALUATION)
        register_demo_builder(demo.build_audits)
        for page in benchmarks.PAGES:
            register_benchmark_page(page)
