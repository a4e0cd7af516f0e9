"""What the reconciliation offers the lower apps' slots, registered by GovernanceConfig.ready()."""


def register() -> None:
    from channels_registry.risk import risk_flags
    from channels_registry.tabs import channel_tabs
    from governance.reconciliation.risk import DRIFT_FLAG
    from governance.reconciliation.tab import PLATFORM_TAB

    channel_tabs.register(PLATFORM_TAB)
    risk_flags.register(DRIFT_FLAG)
