"""'My tasks': everything the reminder providers say the user must do, overdue first."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from governance import services
from governance.models import ReminderPreference
from governance.reminders.engine import my_tasks as tasks_of


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
    class Meta:
        model = ReminderPreference
        fields = ["frequency", "language"]


@login_required
@require_http_methods(["GET", "POST"])
def reminder_preferences(request: HttpRequest) -> HttpResponse:
    current = ReminderPreference.objects.filter(user=request.user).first()
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.reminder_preference_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your reminder preferences are saved."))
        return redirect("governance:my_tasks")
    return render(request, "governance/reminder_preferences.html", {"form": form})
