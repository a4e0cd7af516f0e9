from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _navigation() -> None:
    from accounts.rules import sees_everything
    from core.navigation import Area, Link, navigation_areas

    navigation_areas.register(
        Area(
            "governance:index",
            _("Access"),
            _("Who holds which role on each channel, reviews and leavers."),
            20,
            links=(
                Link("governance:index", _("Overview")),
                Link("governance:requests", _("Requests")),
                Link("governance:my_review_items", _("My review items")),
                Link("governance:reviews", _("Access reviews")),
                Link("governance:matrix", _("Access matrix")),
                Link("governance:people", _("People"), sees_everything),
                Link("governance:offboardings", _("Off-boardings")),
            ),
        )
    )
    navigation_areas.register(
        Area(
            "policies:index",
            _("Policies"),
            _("Policies and guidelines, and who acknowledged them."),
            30,
        )
    )


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from accounts.encryption import EncryptedField, encrypted_fields
        from channels_registry.risk import risk_flags
        from channels_registry.rules import visibility_rules
        from channels_registry.tabs import ChannelHistory, channel_history, channel_tabs
        from core.benchmarks import benchmark_pages
        from core.dashboard import dashboard_panels
        from core.demo import demo_builders
        from governance import benchmarks, dashboard, demo
        from governance.access import risk
        from governance.access.views.tab import ACCESS_TAB
        from governance.chat.delivery import CHAT_CHANNEL
        from governance.events import EVENT_TYPES
        from governance.models import AccessGrant
        from governance.policies.demo import build_policies
        from governance.policies.reminders import POLICY_ACKNOWLEDGEMENT
        from governance.policies.views.roster import CRISIS_TAB
        from governance.reconciliation import register as reconciliation
        from governance.reminders.delivery import EMAIL_CHANNEL
        from governance.reminders.notify import notification_channels
        from governance.reminders.providers import KINDS
        from governance.reminders.registry import reminder_kinds
        from governance.rules import channels_held_by
        from webhooks.events import webhook_event_types

        _navigation()
        for channel in (EMAIL_CHANNEL, CHAT_CHANNEL):
            notification_channels.register(channel)
        for kind in (*KINDS, POLICY_ACKNOWLEDGEMENT):
            reminder_kinds.register(kind)
        for flag in risk.FLAGS:
            risk_flags.register(flag)
        visibility_rules.register(channels_held_by)
        for event_type in EVENT_TYPES:
            webhook_event_types.register(event_type)
        channel_tabs.register(ACCESS_TAB)
        channel_history.register(ChannelHistory(AccessGrant))
        channel_tabs.register(CRISIS_TAB)
        for builder in (demo.build_access, demo.build_reviews, build_policies):
            demo_builders.register(builder)
        for panel in dashboard.PANELS:
            dashboard_panels.register(panel)
        for page in benchmarks.PAGES:
            benchmark_pages.register(page)
        reconciliation.register()
        encrypted_fields.register(
            EncryptedField("governance.ChatDestination", "url", "chat URL(s)")
        )
