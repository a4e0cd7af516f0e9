"""Platform icons: Simple Icons when the package is there, a letter badge when it is not or has
no icon for the platform; always aria-hidden beside the platform's name."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context, Template

from channels_registry.templatetags import platform_icons


def _render(platform) -> str:
    return Template("{% load platform_icons %}{% platform_icon p %}").render(
        Context({"p": platform})
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    platform_icons.icon_svg.cache_clear()
    yield
    platform_icons.icon_svg.cache_clear()


def _fake_pack(icons: dict):
    def get_icon(slug):
        hex_colour = icons.get(slug)
        if hex_colour is None:
            return None
        return SimpleNamespace(
            svg=f'<svg role="img" viewBox="0 0 24 24" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{slug}</title><path d='M0 0h24v24H0z'/></svg>",
            title=slug,
            hex=hex_colour,
        )

    return SimpleNamespace(get_icon=get_icon)


def test_without_the_package_a_letter_badge_stands_in(monkeypatch):
    monkeypatch.setattr(platform_icons, "_pack", lambda: None)
    html = _render(SimpleNamespace(slug="facebook", name="facebook"))
    assert html == ('<span class="gv-platform-icon gv-platform-letter" aria-hidden="true">F</span>')


def test_the_package_icon_is_inlined_hidden_in_its_brand_colour(monkeypatch):
    monkeypatch.setattr(platform_icons, "_pack", lambda: _fake_pack({"facebook": "0866FF"}))
    html = _render(SimpleNamespace(slug="facebook", name="Facebook"))
    assert html.startswith('<svg class="gv-platform-icon" aria-hidden="true" focusable="false"')
    assert 'fill="#0866FF"' in html
    assert "<title>" not in html and 'role="img"' not in html


def test_a_pale_brand_colour_gives_way_to_the_text_colour(monkeypatch):
    monkeypatch.setattr(platform_icons, "_pack", lambda: _fake_pack({"snapchat": "FFFC00"}))
    assert 'fill="currentColor"' in _render(SimpleNamespace(slug="snapchat", name="Snapchat"))


def test_slugs_are_mapped_and_a_missing_icon_is_a_letter(monkeypatch):
    monkeypatch.setattr(platform_icons, "_pack", lambda: _fake_pack({"whatsapp": "075E54"}))
    assert "<svg" in _render(SimpleNamespace(slug="whatsapp-business", name="WhatsApp Business"))
    assert ">L</span>" in _render(SimpleNamespace(slug="linkedin", name="LinkedIn"))


def test_the_seeded_platforms_have_icons_exactly_when_the_package_is_installed():
    """simple-icons-pack is not a dependency yet: without it every platform gets its letter."""
    installed = platform_icons._pack() is not None
    for slug in ("facebook", "instagram", "youtube", "tiktok", "x", "threads", "bluesky"):
        assert (platform_icons.icon_svg(slug) is not None) is installed, slug
