from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self) -> None:
        from audits.finding_actions import finding_actions
        from core.benchmarks import benchmark_pages
        from core.dashboard import dashboard_panels
        from core.demo import demo_builders
        from core.navigation import Area, navigation_areas
        from governance.reminders.registry import reminder_kinds
        from roadmap import benchmarks, dashboard, demo
        from roadmap.reminders import MILESTONES
        from roadmap.rules import may_read_roadmap
        from roadmap.views.plans import TO_MILESTONE

        navigation_areas.register(
            Area(
                "roadmap:index",
                _("Roadmap"),
                _("Objectives, phases and milestones."),
                50,
                may_read_roadmap,
            )
        )
        finding_actions.register(TO_MILESTONE)
        reminder_kinds.register(MILESTONES)
        dashboard_panels.register(dashboard.ROADMAP)
        demo_builders.register(demo.build_roadmap)
        for page in benchmarks.PAGES:
            benchmark_pages.register(page)
