"""The reminder outbox: one row per message owed to one recipient about one item and stage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.outbox import OutboxRow


class ReminderStage(models.TextChoices):
    ASSIGNED = "assigned", _("New")
    BEFORE = "before", _("Coming up")
    DUE = "due", _("Due today")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Escalation")


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Reminder(OutboxRow):
    """Kept in the database before it is sent; claimed, then marked sent or failed."""

    kind = models.CharField(_("kind"), max_length=40)
    item_id = models.PositiveBigIntegerField(_("item"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    stage = models.CharField(_("stage"), max_length=12, choices=ReminderStage.choices)
    period = models.CharField(
        _("period"), max_length=20, help_text=_("Which step of the ladder, e.g. 7d or 2026-11-30.")
    )
    dedup_key = models.CharField(_("key"), max_length=200, unique=True)
    title = models.CharField(_("what"), max_length=300)
    # What the item's line is made of (names, choice values): the line is written in the
    # recipient's language when the digest is sent; `title` is the sweep's rendering, for admins.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Claimed, sent, failed, attempts, next attempt, last error: core.outbox.OutboxRow.

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
                name="reminder_owed_idx",
            ),
            models.Index(fields=["kind", "stage"]),
            # A digest reads and records its rows by their claim.
            models.Index(
                fields=["claim_token"], condition=~Q(claim_token=""), name="reminder_claim_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.stage} → {self.recipient_id}: {self.title}"


class ReminderPreference(models.Model):
    """How often a user wants the non-urgent digest, in which language, and by which channel."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    frequency = models.CharField(
        _("digest"), max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    # A key of governance.reminders.notify.notification_channels (e-mail, chat).
    send_by = models.CharField(_("send by"), max_length=20, default="email")

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"
