from channels_registry.models.channel import Channel
from channels_registry.models.platform import Platform, PlatformRole
from channels_registry.models.snapshot import RiskSnapshot

__all__ = ["Channel", "Platform", "PlatformRole", "RiskSnapshot"]
