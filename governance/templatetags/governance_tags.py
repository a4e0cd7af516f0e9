from django import template

from channels_registry.choices import PrivilegeLevel

register = template.Library()


@register.filter
def roles_of(platform_roles: dict, platform_id: int) -> list:
    """The roles of one platform, from a mapping built once per page."""
    return platform_roles.get(platform_id, [])


@register.filter
def level_label(level: str) -> str:
    """The short label of a privilege level, for a matrix cell."""
    return str(PrivilegeLevel(level).label)
