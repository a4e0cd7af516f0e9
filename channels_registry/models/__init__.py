from channels_registry.models.channel import Channel
from channels_registry.models.platform import Platform, PlatformRole

__all__ = ["Channel", "Platform", "PlatformRole"]
