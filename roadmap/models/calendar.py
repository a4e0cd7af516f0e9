"""Private calendar feed addresses: a token per user, revocable."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Only this is stored: the address itself is shown once, when it is made."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarToken(models.Model):
    """The secret of a calendar feed's address, as a hash; a revoked one answers 404 for good.

    Each belongs to a user, who must still read the roadmap; with a roadmap, it is that roadmap's
    feed, otherwise the user's own deadlines."""

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
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    # The address's secret, only on the object calendar_token_issue returns: never stored.
    token: str
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
