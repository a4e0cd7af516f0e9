"""Forms that several apps share."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CsvImportForm(forms.Form):
    """A CSV upload, or the text of an earlier upload carried by its preview page."""

    max_bytes: int | None = 2 * 1024 * 1024

    file = forms.FileField(label=_("CSV file"), required=False)
    payload = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if self.max_bytes is not None and upload.size > self.max_bytes:
                raise forms.ValidationError(_("The file is larger than 2 MB."))
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
                ) from None
        elif cleaned.get("payload"):
            cleaned["text"] = cleaned["payload"]
        else:
            raise forms.ValidationError(_("Choose a CSV file to import."))
        return cleaned
