"""People's initials in a coloured circle, beside their name (the name says it to screen readers:
the circle is hidden from them)."""

from __future__ import annotations

import zlib

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# Backgrounds on which white text has a contrast of at least 4.5:1 (WCAG 1.4.3, checked in
# tests/core/test_avatars.py). An SVG's fill attribute, not a style: the CSP forbids inline styles.
PALETTE = (
    "#1d4ed8",  # blue
    "#047857",  # green
    "#b91c1c",  # red
    "#7e22ce",  # purple
    "#9a3412",  # brown
    "#be185d",  # pink
    "#0f766e",  # teal
    "#4338ca",  # indigo
    "#475569",  # slate
)
TEXT = "#ffffff"


def initials(name: str) -> str:
    """The first letters of the first and last words of a name, upper case; "?" for no name."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalnum()]
    if not words:
        return "?"
    picked = words[:1] + words[-1:] if len(words) > 1 else words
    return "".join(word[0] for word in picked).upper()


def colour(key: object) -> str:
    """A palette colour, the same for the same key on every page and every run."""
    return PALETTE[zlib.crc32(str(key).encode()) % len(PALETTE)]


@register.simple_tag
def avatar(name: str, key: object = None, size: int = 28) -> SafeString:
    """`{% avatar person.full_name person.pk %}`: a circle with the initials, aria-hidden."""
    return format_html(
        '<svg class="gv-avatar" width="{size}" height="{size}" viewBox="0 0 32 32" '
        'aria-hidden="true" focusable="false"><circle cx="16" cy="16" r="16" fill="{bg}"/>'
        '<text x="16" y="16" dy=".35em" text-anchor="middle" font-size="13" font-weight="600" '
        'fill="{fg}">{text}</text></svg>',
        size=size,
        bg=colour(name if key is None else key),
        fg=TEXT,
        text=initials(name),
    )
