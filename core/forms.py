"""Form pieces every app shares: the date widget, the type-ahead picker, the CSV upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.csv import check_size, clean_text, limits_text
from core.pickers import picker_sources, source_rows

# The browser's own date picker; the value in ISO form, as the input type wants it.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The blank choice of an optional picker, in the widget and in the endpoint's answer alike.
BLANK_LABEL = "---------"


class _Picker:
    """What both pickers share: the source, the search box's words, the chosen rows."""

    choices: forms.models.ModelChoiceIterator
    is_required: bool

    def __init__(self, source: str, attrs=None, *, field_label=None, exclude=()) -> None:
        super().__init__(attrs)  # type: ignore[call-arg]
        self.source = source
        self.field_label = field_label
        # Rows the matches leave out (the leaver, from "who takes over"); the field refuses them.
        self.exclude = tuple(exclude)

    def _url(self, **params) -> str:
        """The endpoint's URL for this picker, with `params` and the rows it leaves out."""
        query = urlencode({**params, "exclude": self.exclude}, doseq=True)
        url = reverse("core:pick", args=[self.source])
        return f"{url}?{query}" if query else url

    def _search(self, select_id: str, url: str) -> dict:
        """The search box's context: its URL, ids and the words said to screen readers."""
        search = picker_sources[self.source].search_label
        return {
            "url": url,
            "search_id": f"{select_id}_search",
            "status_id": f"{select_id}_status",
            "select_id": select_id,
            "placeholder": search,
            # Said to screen readers after each search (static/js/picker.js counts the matches).
            "no_match": _("No match: the choice is unchanged."),
            "matches": _("Matches shown in the list: %(count)s."),
            # Shown under the box when a search fails, the form kept as it is.
            "ended": _(
                "Your session has ended: log in again in another tab, then search again here."
            ),
            "failed": _("The search did not answer: try again."),
            # Named with the field: a form may hold several pickers of one source.
            "search_label": (
                _("%(search)s (%(field)s)") % {"search": search, "field": self.field_label}
                if self.field_label
                else search
            ),
        }

    def _chosen(self, value) -> list:
        """The rows of the field's queryset that `value` names (one query), none for a value
        that names none (a bound form's bad input)."""
        wanted = [v for v in value if v not in ("", None)]
        if not wanted:
            return []
        field = self.choices.field
        key = field.to_field_name or "pk"
        try:
            return list(self.choices.queryset.filter(**{f"{key}__in": wanted}))
        except (ValueError, TypeError, ValidationError):
            return []

    def _render(self, template_name, context, renderer=None):
        # The project's templates (templates/core/), whatever form renderer the form has.
        return mark_safe(render_to_string(template_name, context))


class TypeAhead(_Picker, forms.Select):
    """A search box over a select that holds only the blank choice (an optional field) and the
    current choice, never the whole queryset: typing asks /pick/<source>/ (htmx) for the
    matches, which replace the select's options, the choice kept if it matches, else the first
    match chosen (core.views.pick). The select stays the form's control: it posts, and the field
    validates against its whole queryset, as before. Set it up with `offer()`."""

    template_name = "core/type_ahead.html"

    def use_required_attribute(self, initial) -> bool:
        # Select asks its first choice, which would read the queryset; a required picker holds
        # no blank choice, so an empty select is one the browser refuses, as it should.
        return True

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        select_id = context["widget"]["attrs"].setdefault("id", f"id_{name}")
        optional = {} if self.is_required else {"optional": 1}
        context["picker"] = self._search(select_id, self._url(**optional))
        return context

    def optgroups(self, name, value, attrs=None):
        options = []
        if not self.is_required:
            chosen = any(v not in ("", None) for v in value)
            options.append(self.create_option(name, "", BLANK_LABEL, not chosen, 0))
        label = picker_sources[self.source].label
        for row in self._chosen(value):
            value_of = self.choices.field.prepare_value(row)
            options.append(self.create_option(name, value_of, label(row), True, len(options)))
        return [(None, options, 0)]


class TypeAheadMultiple(_Picker, forms.SelectMultiple):
    """Several rows of a source chosen by search: the chosen ones are ticked boxes (untick to
    leave one out), and typing asks /pick/<source>/?multiple=<id>&name=<field> for the matches, as boxes
    to tick under the search box (static/js/picker.js moves a ticked match among the chosen).
    The boxes post the field's values; the field validates them against its whole queryset.
    Rendered as a fieldset: its legend names the field. Set it up with `offer()`."""

    template_name = "core/type_ahead_multiple.html"
    use_fieldset = True

    def id_for_label(self, id_):
        # A fieldset: its legend names the field, each box has its own label.
        return ""

    def use_required_attribute(self, initial) -> bool:
        # A required box must be ticked: the field, not the browser, asks for one of them.
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        box_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["picker"] = self._search(box_id, self._url(multiple=box_id, name=name))
        context["picker"]["chosen_id"] = f"{box_id}_chosen"
        context["picker"]["matches_id"] = f"{box_id}_matches"
        label = picker_sources[self.source].label
        field = self.choices.field
        context["chosen"] = [
            {"value": field.prepare_value(row), "label": label(row), "checked": True}
            for row in self._chosen(context["widget"]["value"])
        ]
        return context


def offer(
    field: forms.ModelChoiceField, source: str, user=None, *, exclude=()
) -> forms.ModelChoiceField:
    """Let `field` choose among the rows of `source` (core.pickers) through a type-ahead (several
    rows for a multiple choice field): its queryset is the source's, so each rule of who may be
    chosen lives in one place. The widget's attributes are kept (a select that refreshes another
    field keeps doing so). Rows in `exclude` (primary keys) are neither offered nor accepted."""
    kind = TypeAheadMultiple if isinstance(field, forms.ModelMultipleChoiceField) else TypeAhead
    widget = kind(source, attrs=field.widget.attrs, field_label=field.label, exclude=exclude)
    widget.is_required = field.required
    field.widget = widget
    rows = source_rows(source, user)
    field.queryset = rows.exclude(pk__in=exclude) if exclude else rows  # the widget's too
    return field


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
