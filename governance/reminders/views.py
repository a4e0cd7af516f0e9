"""'My tasks': everything the reminder providers say the user must do, overdue first."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.web import add_service_errors
from governance import services
from governance.chat.forms import chat_url_field, url_help
from governance.models import ChatDestination, ReminderPreference
from governance.reminders.engine import my_tasks as tasks_of
from governance.reminders.mine import tasks_total
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
            "total": tasks_total(sections),
        },
    )


class PreferenceForm(forms.ModelForm):
    send_by = forms.ChoiceField(label=_lazy("Send my reminders by"), choices=(), required=False)
    chat_url = chat_url_field()

    class Meta:
        model = ReminderPreference
        fields = ["frequency", "language", "send_by"]

    def __init__(self, *args, destination=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _lazy("The site's language")), *settings.LANGUAGES]
        self.fields["send_by"].choices = [(c.key, c.label) for c in notification_channels]
        self.fields["chat_url"].help_text = url_help(destination)

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
    return render(
        request,
        "governance/reminder_preferences.html",
        {"form": form, "destination": destination if destination and destination.url else None},
    )


@login_required
@require_POST
def chat_remove(request: HttpRequest) -> HttpResponse:
    """Forget one's chat URL: reminders go by e-mail again."""
    if services.chat_destination_remove(actor=request.user, user=request.user):
        messages.success(request, _("Your chat URL is removed: your reminders come by e-mail."))
    return redirect("governance:reminder_preferences")
