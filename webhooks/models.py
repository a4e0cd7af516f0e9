"""Webhook endpoints and the outbox of their deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.outbox import OutboxRow


class WebhookEndpoint(models.Model):
    """A URL that receives the events it subscribes to, signed with its secret (kept encrypted).

    Never deleted: an endpoint is deactivated, so its deliveries stay explained."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    # accounts.encryption's "fernet:…" of the Standard Webhooks secret ("whsec_" + base64).
    secret = models.TextField(_("secret"), editable=False)
    event_types = models.JSONField(_("event types"), default=list)
    active = models.BooleanField(_("active"), default=True)
    allow_private_network = models.BooleanField(
        _("allow private addresses"),
        default=False,
        help_text=_(
            "Let this endpoint be on a private, loopback or link-local address (an internal "
            "service). Off, such addresses are refused, so that a URL cannot reach inside."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(OutboxRow):
    """One event owed to one endpoint: written in the transaction that raised the event, sent
    after it commits, retried with back-off, then failed for an admin to see and resend."""

    event_id = models.CharField(_("event id"), max_length=64)
    event_type = models.CharField(_("event type"), max_length=60)
    payload = models.JSONField(_("payload"))
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_status = models.PositiveSmallIntegerField(_("last response status"), null=True, blank=True)
    last_response = models.CharField(_("last response"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # An event reaches an endpoint once, however often it is raised (task.overdue).
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_event_once"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
                name="webhook_owed_idx",
            ),
            models.Index(fields=["event_type", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.event_id})"
