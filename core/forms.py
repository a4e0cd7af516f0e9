"""Form pieces every app shares: the date widget, the CSV upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.csv import check_size, clean_text, limits_text

# The browser's own date picker; the value in ISO form, as the input type wants it.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CsvImportForm(forms.Form):
    """A CSV upload, or the text of an earlier upload carried by its preview page.

    Both are held to the same limits (core.csv), the hidden copy too: it comes back
    from the browser and may have been changed there."""

    columns_help = ""

    file = forms.FileField(label=_("CSV file"), required=False)
    # Not stripped: the import applies the very text that its preview checked.
    payload = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = " ".join(
            filter(None, [str(self.columns_help), limits_text()])
        )
        # A NUL character is refused by clean_text(), with a message that names its line.
        self.fields["payload"].validators = []

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            check_size(upload.size)
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
                ) from None
        elif cleaned.get("payload"):
            text = cleaned["payload"]
        else:
            # On the field it concerns: the person sees where to act.
            self.add_error("file", _("Choose a CSV file to import."))
            return cleaned
        cleaned["text"] = clean_text(text)
        return cleaned
