from django import template

from channels_registry.choices import PrivilegeLevel

register = template.Library()


@register.filter
def level_label(level: str) -> str:
    """The short label of a privilege level, for a matrix cell."""
    return str(PrivilegeLevel(level).label)
