from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self) -> None:
        from accounts.areas import register_area_guard
        from accounts.benchmarks import register_benchmark_page
        from accounts.dashboard import register_dashboard_panel
        from accounts.demo import register_demo_builder
        from audits.finding_actions import register_finding_action
        from governance.reminders.registry import register_reminder_kind
        from roadmap import benchmarks, dashboard, demo
        from roadmap.reminders import MILESTONES
        from roadmap.rules import may_read_roadmap
        from roadmap.views.plans import TO_MILESTONE

        register_area_guard("roadmap:index", may_read_roadmap)
        register_finding_action(TO_MILESTONE)
        register_reminder_kind(MILESTONES)
        register_dashboard_panel(dashboard.ROADMAP)
        register_demo_builder(demo.build_roadmap)
        for page in benchmarks.PAGES:
            register_benchmark_page(page)
