"""Private calendar feed addresses: a token per user, revocable."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a calendar feed's address; a revoked one answers 404 for good.

    A token with no user is the whole roadmap's feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendar_tokens",
    )
    roadmap = models.ForeignKey(
        "roadmap.Roadmap",
        verbose_name=_("roadmap"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendar_tokens",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(roadmap__isnull=False),
                name="calendar_token_for_someone_or_something",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user or self.roadmap} ({self.created_at:%Y-%m-%d})"
