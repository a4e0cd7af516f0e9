"""A platform's icon, from the Simple Icons set (simple-icons-pack, CC0-1.0, see README), or a
letter badge when the package is absent or has no icon for the platform (LinkedIn asked Simple
Icons to remove theirs; a blog has none). Always aria-hidden: the platform's name stands beside it."""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Platform slugs whose Simple Icons slug differs.
ALIASES = {"whatsapp-business": "whatsapp"}


def _pack() -> Any:
    try:
        return importlib.import_module("simple_icons_pack")
    except ImportError:
        return None


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_on_white(hex_colour: str) -> float:
    """The WCAG contrast ratio of a colour (RRGGBB) on white."""
    return 1.05 / (_luminance(hex_colour) + 0.05)


@functools.cache
def icon_svg(slug: str) -> str | None:
    """The platform's SVG, ready to inline, or None. Brand colours too pale on white (Snapchat's
    yellow) give way to the text colour: a graphic needs 3:1 (WCAG 1.4.11)."""
    pack = _pack()
    icon = pack.get_icon(ALIASES.get(slug, slug.replace("-", ""))) if pack else None
    if icon is None:
        return None
    fill = f"#{icon.hex}" if contrast_on_white(icon.hex) >= 3 else "currentColor"
    svg = re.sub(r"<title>.*?</title>", "", icon.svg.replace(' role="img"', ""))
    return svg.replace(
        "<svg ",
        f'<svg class="gv-platform-icon" aria-hidden="true" focusable="false" fill="{fill}" ',
        1,
    )


@register.simple_tag
def platform_icon(platform) -> SafeString:
    """`{% platform_icon channel.platform %}`: its icon, or the first letter of its name."""
    svg = icon_svg(platform.slug)
    if svg is not None:
        return mark_safe(svg)  # the package's own SVG: no user input in it
    return format_html(
        '<span class="gv-platform-icon gv-platform-letter" aria-hidden="true">{}</span>',
        platform.name[:1].upper(),
    )
