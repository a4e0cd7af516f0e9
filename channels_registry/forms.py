"""Forms for channels. They validate and explain; writes go through the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from channels_registry.models import Channel
from channels_registry.rules import may_archive, may_edit_any
from channels_registry.services import CHANNEL_FIELDS
from core.forms import DATE, CsvImportForm, offer

SECRET_FIELD_WORDS = ("password", "passwd", "secret", "otp", "token")
NO_SECRETS = _(
    "Gouvernail never stores passwords or secrets. Keep them in your vault and enter only "
    "where they are kept in “credentials vault reference”."
)


# Every browser form carries Django's CSRF token: a safeguard, not a secret of the channel's.
FRAMEWORK_FIELDS = frozenset({"csrfmiddlewaretoken"})


def refuses_secrets(data, *, declared=()) -> None:
    """Refuse a submission that carries an undeclared password or secret field, whatever its name.

    The form's own fields (`password_rotated_on` is a date) and the CSRF token are not secrets.
    """
    allowed = FRAMEWORK_FIELDS | set(declared)
    for key in data or ():
        if (
            key not in allowed
            and any(word in key.lower() for word in SECRET_FIELD_WORDS)
            and (data.get(key) or "").strip()
        ):
            raise ValidationError(NO_SECRETS, code="secret_submitted")


class ChannelForm(forms.ModelForm):
    """Create or edit a channel; the archive button, not this form, removes it from use."""

    url = forms.URLField(label=_("URL"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Channel
        fields = [f for f in CHANNEL_FIELDS if f != "dormant_since"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "password_rotated_on": DATE,
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for name in (
            "business_owner",
            "backup_owner",
            "two_factor_holder",
            "recovery_phone_holder",
        ):
            offer(self.fields[name], "people.all")
        offer(self.fields["team"], "teams")
        self.fields["platform"].queryset = self.fields["platform"].queryset.order_by("name")
        already_archived = self.instance.pk is not None and self.instance.status == "archived"
        if not already_archived and (
            self.instance.pk is None or not may_archive(user, self.instance)
        ):
            self.fields["status"].choices = [
                c for c in self.fields["status"].choices if c[0] != "archived"
            ]

    def clean(self):
        refuses_secrets(self.data, declared=self.fields)
        cleaned = super().clean()
        if not may_edit_any(self.user):
            mine = {cleaned.get("business_owner"), cleaned.get("backup_owner")}
            if not any(p is not None and p.user_id == self.user.pk for p in mine):
                raise ValidationError(
                    _(
                        "You must stay the business owner or the backup owner of a channel you manage."
                    ),
                    code="not_owner",
                )
        return cleaned


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why archive this channel?"),
        max_length=255,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class ImportForm(CsvImportForm):
    """The channels' CSV: its limits are every import's (core.csv)."""
