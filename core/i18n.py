"""Text stored in English by a migration or a template of the application (seeded platform
roles, audit criteria, a roadmap template's phases) and shown in the reader's language."""

from django.utils.translation import gettext


def shown(text: str) -> str:
    """`text` in the active language when the catalogue holds it (it was seeded in English and
    marked with gettext_noop), else as stored: a name someone typed reads as typed."""
    return gettext(text) if text else text
