"""What the API connectors read with: an organisation's or a business's credentials for one
connector, kept encrypted, and which channel is read with which credentials and asset id.

The sync bookkeeping of a channel (when it is due, whether a worker holds it, the last failure)
lives on its ChannelSource: due dates in the database, never Celery countdowns."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.reconciliation.connectors import ConnectorFailure


class ConnectorCredential(models.Model):
    """One connector's credentials for an organisation or a business (a Meta business portfolio,
    a LinkedIn admin's token, a TikTok Business Center…). `secrets` is accounts.encryption's
    "fernet:…" of a JSON object of the connector's credential fields: typed once by an admin,
    never shown again, never in the history (which says only which fields changed)."""

    connector = models.CharField(_("connector"), max_length=40)
    label = models.CharField(
        _("organisation or business"),
        max_length=200,
        help_text=_("Whose credentials these are, as the platform names it."),
    )
    secrets = models.TextField(_("credentials (encrypted)"), editable=False)
    fields_set = models.CharField(
        _("fields entered"),
        max_length=200,
        editable=False,
        help_text=_("Which credential fields are stored; their values are never shown."),
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("connector credential")
        verbose_name_plural = _("connector credentials")
        ordering = ["connector", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["connector", "label"], name="connector_credential_unique_label"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.connector})"


class ChannelSource(models.Model):
    """A channel read by an API connector: with which credentials, under the platform's id of
    the account (a Page id, an organization id, a TikTok account id, a Pinterest profile id)."""

    channel = models.OneToOneField(
        "channels_registry.Channel",
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        related_name="source",
    )
    credential = models.ForeignKey(
        ConnectorCredential,
        verbose_name=_("credentials"),
        on_delete=models.PROTECT,
        related_name="sources",
    )
    asset_id = models.CharField(
        _("platform's account id"),
        max_length=200,
        help_text=_("The platform's id of the page, organization, account or profile."),
    )
    active = models.BooleanField(_("synced"), default=True)
    # Sync bookkeeping, written by the sync services, never by a person.
    next_sync_at = models.DateTimeField(_("next reading"), null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(
        _("being read until"), null=True, blank=True, editable=False
    )
    last_read_at = models.DateTimeField(_("last reading"), null=True, blank=True, editable=False)
    last_failure = models.CharField(
        _("last failure"),
        max_length=30,
        choices=ConnectorFailure.choices,
        blank=True,
        editable=False,
    )
    last_failure_detail = models.CharField(
        _("last failure detail"), max_length=300, blank=True, editable=False
    )
    failures_in_a_row = models.PositiveSmallIntegerField(
        _("failures in a row"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("channel source")
        verbose_name_plural = _("channel sources")
        ordering = ["channel__name"]
        indexes = [
            models.Index(
                fields=["next_sync_at"],
                condition=Q(active=True),
                name="channel_source_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} ← {self.credential}"
