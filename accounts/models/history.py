"""The history of changes: who changed what, when. Rows are never updated or deleted."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import ChangeAction


class HistoryIsImmutable(Exception):
    """Raised when code tries to change or remove a history row."""


class ObjectChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise HistoryIsImmutable("History rows cannot be updated.")

    def delete(self):
        raise HistoryIsImmutable("History rows cannot be deleted.")

    def for_object(self, obj: models.Model) -> ObjectChangeQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class ObjectChange(models.Model):
    """One recorded change to one object, made by a user or by the system."""

    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=254)
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    message = models.CharField(_("message"), max_length=255, blank=True)

    objects = ObjectChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-changed_at"])]

    def __str__(self) -> str:
        return (
            f"{self.changed_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise HistoryIsImmutable("History rows cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HistoryIsImmutable("History rows cannot be deleted.")
