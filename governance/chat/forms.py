"""The chat URL form: a person's (in their reminder preferences) and a team's share its field."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

URL_HELP = _lazy(
    "Slack, Microsoft Teams, Mattermost, Matrix or Discord, as an Apprise URL such as "
    "slack://…, workflow://…, mmost://…, matrix://… or discord://…."
)


PERSONAL_LABEL = _lazy("Chat URL (Apprise)")


def chat_url_field(label=PERSONAL_LABEL) -> forms.CharField:
    """Write-only: the stored URL is a secret and never shown back (its hint is, in the help)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )


def url_help(destination) -> str:
    """The field's help: what is accepted, and the saved URL's hint when there is one."""
    if destination is None or not destination.url:
        return str(URL_HELP)
    kept = _("Saved: %(hint)s (%(service)s). Leave empty to keep it.") % {
        "hint": destination.hint,
        "service": destination.service,
    }
    return f"{URL_HELP} {kept}"


class TeamChatForm(forms.Form):
    url = chat_url_field(_lazy("Team chat URL (Apprise)"))
    language = forms.ChoiceField(
        label=_lazy("Language of the messages"),
        choices=[("", _lazy("The site's language")), *settings.LANGUAGES],
        required=False,
    )

    def __init__(self, *args, destination=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].help_text = url_help(destination)
