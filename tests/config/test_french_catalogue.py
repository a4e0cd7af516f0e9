"""The French catalogue's typography, and the reference data the migrations seed in English,
each translated (tests/support/catalogue.py reads the .po; `python -m tests.support.catalogue`
typesets it)."""

from __future__ import annotations

import importlib

import pytest
from django.utils import translation

from channels_registry.reference import ROLE
from core.i18n import shown
from tests.support.catalogue import entries, typeset, typography_faults


def test_french_msgstrs_have_no_break_spaces_before_high_marks_and_inside_guillemets():
    faults = [
        f"{entry.msgid!r} → {msgstr!r}: {', '.join(typography_faults(msgstr))}"
        for entry in entries()
        for msgstr in entry.msgstrs
        if typography_faults(msgstr)
    ]
    assert not faults, (
        "Run `python -m tests.support.catalogue`, then compilemessages:\n" + "\n".join(faults)
    )


@pytest.mark.parametrize(
    ("text", "typeset_text"),
    [
        ("Vide : tous", "Vide\u00a0: tous"),
        ("Vide: tous", "Vide\u00a0: tous"),
        ("Pourquoi ?", "Pourquoi\u202f?"),
        ("Fini !", "Fini\u202f!"),
        ("un ; deux", "un\u202f; deux"),
        ("« idp »", "«\u00a0idp\u00a0»"),
        ("https://exemple.org/?page=2 à 10:30", "https://exemple.org/?page=2 à 10:30"),
        ('{"server_url": "…"}', '{"server_url": "…"}'),
    ],
)
def test_typesetting(text, typeset_text):
    assert typeset(text) == typeset_text
    assert not typography_faults(typeset_text)


def _seeded() -> list[tuple[str, str]]:
    """Every name and description the migrations seed in English, with its context."""
    platforms = importlib.import_module("channels_registry.migrations.0002_seed_platforms")
    added = importlib.import_module("channels_registry.migrations.0004_connector_roles")
    criteria = importlib.import_module("audits.migrations.0002_seed_criteria")
    roles = [role for p in platforms.PLATFORMS for role in p[4]]
    roles += [role for added_roles in added.ROLES.values() for role in added_roles]
    texts = [("", p[0]) for p in platforms.PLATFORMS]
    texts += [(ROLE, role[0]) for role in roles] + [("", role[2]) for role in roles]
    texts += [("", text) for criterion in criteria.CRITERIA for text in criterion[:2]]
    return texts


UNCHANGED = {  # proper names, and a word French shares
    "Engagement",
    "Audience",
    "Facebook",
    "Instagram",
    "YouTube",
    "TikTok",
    "X",
    "Pinterest",
    "Snapchat",
    "WhatsApp Business",
    "Threads",
    "Bluesky",
    "Mastodon",
}


def test_the_reference_data_the_migrations_seed_reads_in_french():
    with translation.override("fr"):
        untranslated = [
            text
            for context, text in _seeded()
            if text not in UNCHANGED and shown(text, context) == text
        ]
    assert not untranslated, (
        "Mark them in channels_registry/reference.py or audits/reference.py and translate them: "
        + ", ".join(untranslated)
    )
