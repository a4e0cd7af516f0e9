"""API tokens: a hashed, scoped, expiring credential that acts as its user on /api/v1/."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import ApiTokenKind
from accounts.models.tokens import HashedToken


class ApiTokenQuerySet(models.QuerySet):
    def live(self, now: dt.datetime) -> ApiTokenQuerySet:
        """Neither revoked nor expired at `now` (the user's own state is checked apart)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(HashedToken):
    """A bearer token for the REST API. Only its sha256 and a visible prefix are stored; the
    secret is shown once, when it is made. It acts as `user`, narrowed by `scopes`."""

    kind = models.CharField(_("kind"), max_length=10, choices=ApiTokenKind.choices)
    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires"))

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    @property
    def channel_label(self) -> str:
        """How the history names a write made with this token, beside its user."""
        return f"API token {self.prefix}"

    def is_live(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now
