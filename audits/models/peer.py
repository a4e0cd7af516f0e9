"""Peer organisations and the public metrics of their channels, to compare ours with."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels_registry.models import Platform


class Peer(models.Model):
    """An organisation we compare ourselves with."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("peer")
        verbose_name_plural = _("peers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PeerMetric(models.Model):
    """A peer's channel on a platform, measured at a date from what is public."""

    peer = models.ForeignKey(
        Peer, verbose_name=_("peer"), on_delete=models.PROTECT, related_name="metrics"
    )
    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.PROTECT, related_name="+"
    )
    handle = models.CharField(_("handle"), max_length=160, blank=True)
    measured_on = models.DateField(_("measured on"), default=timezone.localdate)
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    posts_last_30_days = models.PositiveIntegerField(
        _("posts in the last 30 days"), null=True, blank=True
    )
    engagement_rate = models.DecimalField(
        _("engagement rate (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("peer metric")
        verbose_name_plural = _("peer metrics")
        ordering = ["peer", "platform", "-measured_on"]

    def __str__(self) -> str:
        return f"{self.peer} — {self.platform} ({self.measured_on})"
