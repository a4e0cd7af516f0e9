from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from accounts.benchmarks import register_benchmark_page
        from accounts.dashboard import register_dashboard_panel
        from accounts.demo import register_demo_builder
        from channels_registry.risk import register_risk_flag
        from channels_registry.rules import register_visibility_rule
        from channels_registry.tabs import register_channel_tab
        from governance import benchmarks, dashboard, demo, risk, views
        from governance.policies.demo import build_policies
        from governance.policies.reminders import POLICY_ACKNOWLEDGEMENT
        from governance.reminders.providers import KINDS
        from governance.reminders.registry import register_reminder_kind
        from governance.rules import channels_held_by

        for kind in KINDS:
            register_reminder_kind(kind)
        for flag in risk.FLAGS:
            register_risk_flag(flag)
        register_visibility_rule(channels_held_by)
        register_channel_tab(views.ACCESS_TAB)
        register_channel_tab(views.CRISIS_TAB)
        register_reminder_kind(POLICY_ACKNOWLEDGEMENT)
        register_demo_builder(demo.build_access)
        register_demo_builder(demo.build_reviews)
        register_demo_builder(build_policies)
        for panel in dashboard.PANELS:
            register_dashboard_panel(panel)
        for page in benchmarks.PAGES:
            register_benchmark_page(page)
