"""Where a person's or a team's notices go in chat: one Apprise URL, kept encrypted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.outbox import OutboxRow


class ChatDestination(models.Model):
    """A person's (their digests and urgent notices) or a team's (its members' urgent notices)
    chat target. The URL is accounts.encryption's "fernet:…", never shown: `hint` is."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chat_destination",
    )
    team = models.OneToOneField(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chat_destination",
    )
    # Blank once removed: the secret is not kept, the hint says what it was.
    url = models.TextField(_("Apprise URL"), editable=False, blank=True)
    service = models.CharField(_("service"), max_length=40)
    hint = models.CharField(_("URL"), max_length=200, help_text=_("What may be shown of it."))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    active = models.BooleanField(_("active"), default=True)
    allow_private_network = models.BooleanField(
        _("allow private addresses"),
        default=False,
        help_text=_(
            "Let a self-hosted chat server (Mattermost, Matrix, a JSON receiver) be on a private, "
            "loopback or link-local address. Only an admin may allow it."
        ),
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("chat destination")
        verbose_name_plural = _("chat destinations")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True) ^ Q(team__isnull=True),
                name="chat_destination_user_or_team",
            )
        ]

    def __str__(self) -> str:
        if not self.url:  # removed: the hint says what it was
            return _("%(whose)s: %(hint)s (removed)") % {
                "whose": self.team or self.user,
                "hint": self.hint,
            }
        return f"{self.team or self.user}: {self.hint}"


class TeamNotice(OutboxRow):
    """One urgent event (an off-boarding task, an escalation…) told to a team's chat: the urgent
    reminder of one of its members, once per team and event. Claimed, retried and failed as the
    reminders are (core.outbox)."""

    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="notices"
    )
    reminder = models.ForeignKey(
        "governance.Reminder",
        verbose_name=_("reminder"),
        on_delete=models.PROTECT,
        related_name="team_notices",
    )
    # kind:item:stage:period: the same event told to two members is one message to the team.
    event_key = models.CharField(_("event"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("team notice")
        verbose_name_plural = _("team notices")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "event_key"], name="team_notice_once")
        ]
        indexes = [
            models.Index(
                fields=["team", "created_at"],
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
                name="team_notice_owed_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.team_id}: {self.event_key}"
