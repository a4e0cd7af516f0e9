"""Writes about reminders: a user's digest preference."""

from __future__ import annotations

from django.db import transaction

from accounts.history import save_with_history
from governance.models import ReminderPreference


@transaction.atomic
def reminder_preference_set(*, actor, frequency: str, language: str = "") -> ReminderPreference:
    """How often the user gets the routine digest, and in which language."""
    preference = ReminderPreference.objects.select_for_update().filter(
        user=actor
    ).first() or ReminderPreference(user=actor)
    return save_with_history(
        actor=actor,
        instance=preference,
        fields=("user", "frequency", "language"),
        data={"user": actor, "frequency": frequency, "language": language},
    )
