"""People's initials as avatars: the initials, a readable colour, hidden from screen readers."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from channels_registry.templatetags.platform_icons import contrast_on_white
from core.templatetags.avatars import PALETTE, TEXT, colour, initials


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hugo Holder", "HH"),
        ("Jean-Pierre de la Fontaine", "JF"),
        ("Élodie", "É"),
        ("  ", "?"),
        ("Anne (agency) Martin", "AM"),
    ],
)
def test_initials_are_the_first_and_last_words(name, expected):
    assert initials(name) == expected


def test_every_colour_of_the_palette_reads_white_text_at_4_5_to_1():
    assert TEXT == "#ffffff"
    for background in PALETTE:
        assert contrast_on_white(background[1:]) >= 4.5, background


def test_the_same_key_gets_the_same_colour():
    assert colour(42) == colour(42)
    assert len({colour(key) for key in range(100)}) > 3


def test_the_avatar_is_hidden_from_screen_readers_and_escapes_the_name():
    html = Template("{% load avatars %}{% avatar name 7 %}").render(
        Context({"name": "<b>Zoé</b> Ürk"})
    )
    assert 'aria-hidden="true"' in html and 'focusable="false"' in html
    assert ">ZÜ</text>" in html or "&lt;" not in html
    assert "<b>" not in html
    assert f'fill="{colour(7)}"' in html
