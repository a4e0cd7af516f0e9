"""Text stored in English by a migration or a template of the application (seeded platform
roles, audit criteria, a roadmap template's phases) and shown in the reader's language."""

from django.utils.translation import gettext, pgettext


def shown(text: str, context: str = "") -> str:
    """`text` in the active language when the catalogue holds it (it was seeded in English and
    marked with gettext_noop, or pgettext_noop in `context`), else as stored: a name someone
    typed reads as typed."""
    if not text:
        return text
    return pgettext(context, text) if context else gettext(text)


class SeededNames:
    """A model whose `name` and `description` may be seeded in English (by a migration or a
    template of the application): both shown in the reader's language. `name_context` is the
    message context the names were marked in, if any."""

    name: str
    description: str
    name_context = ""

    @property
    def display_name(self) -> str:
        return shown(self.name, self.name_context)

    @property
    def display_description(self) -> str:
        return shown(self.description)
