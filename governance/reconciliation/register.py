"""What the reconciliation offers the lower apps' slots, registered by GovernanceConfig.ready()."""


def register() -> None:
    from accounts.encryption import EncryptedField, encrypted_fields
    from channels_registry.risk import risk_flags
    from channels_registry.tabs import channel_tabs
    from core.dashboard import dashboard_panels
    from core.demo import demo_builders
    from governance.reconciliation.connectors import platform_connectors
    from governance.reconciliation.dashboard import DRIFT
    from governance.reconciliation.demo import build_drift
    from governance.reconciliation.platforms import CONNECTORS
    from governance.reconciliation.reminders import DRIFT_REMINDER
    from governance.reconciliation.risk import DRIFT_FLAG
    from governance.reconciliation.tab import PLATFORM_TAB
    from governance.reminders.registry import reminder_kinds

    channel_tabs.register(PLATFORM_TAB)
    risk_flags.register(DRIFT_FLAG)
    demo_builders.register(build_drift)
    dashboard_panels.register(DRIFT)
    reminder_kinds.register(DRIFT_REMINDER)
    encrypted_fields.register(
        EncryptedField("governance.ConnectorCredential", "secrets", "connector credentials")
    )
    for connector in CONNECTORS:
        platform_connectors.register(connector)
