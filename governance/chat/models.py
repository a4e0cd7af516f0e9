"""Where a person's or a team's notices go in chat: one Apprise URL, kept encrypted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    url = models.TextField(_("Apprise URL"), editable=False)
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
        return f"{self.team or self.user}: {self.hint}"
