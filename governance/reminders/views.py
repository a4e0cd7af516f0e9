"""'My tasks': everything the reminder providers say the user must do, overdue first."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from core.web import add_service_errors
from governance import services
from governance.models import ChatDestination, ReminderPreference
from governance.reminders.engine import my_tasks as tasks_of
from governance.reminders.notify import EMAIL, notification_channels


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    sections = tasks_of(request.user)
    sections.sort(key=lambda s: -s["overdue"])
    return render(
        request,
        "governance/my_tasks.html",
        {
            "sections": sections,
            "today": timezone.localdate(),
            "total": sum(len(s["items"]) for s in sections),
        },
    )


class PreferenceForm(forms.ModelForm):
    send_by = forms.ChoiceField(label=_lazy("Send my reminders by"), choices=(), required=False)
    # Write-only: the stored URL is a secret and never shown back (its hint is, in the help).
    chat_url = forms.CharField(
        label=_lazy("Chat URL (Apprise)"),
        required=False,
        max_length=2000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = ReminderPreference
        fields = ["frequency", "language", "send_by"]

    def __init__(self, *args, destination=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["send_by"].choices = [(c.key, c.label) for c in notification_channels]
        help_text = _lazy(
            "Slack, Microsoft Teams, Mattermost, Matrix or Discord, as an Apprise URL such as "
            "slack://…, workflow://…, mmost://…, matrix://… or discord://…."
        )
        if destination is not None:
            kept = _("Saved: %(hint)s (%(service)s). Leave empty to keep it.") % {
                "hint": destination.hint,
                "service": destination.service,
            }
            help_text = f"{help_text} {kept}"
        self.fields["chat_url"].help_text = help_text

    def clean_send_by(self) -> str:
        return self.cleaned_data["send_by"] or EMAIL


@login_required
@require_http_methods(["GET", "POST"])
def reminder_preferences(request: HttpRequest) -> HttpResponse:
    current = ReminderPreference.objects.filter(user=request.user).first()
    destination = ChatDestination.objects.filter(user=request.user).first()
    form = PreferenceForm(request.POST or None, instance=current, destination=destination)
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_preference_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your reminder preferences are saved."))
            return redirect("governance:my_tasks")
    return render(request, "governance/reminder_preferences.html", {"form": form})
