"""The Task every feature hands out: one action a person must take on a channel (revoke, rotate a
password, reassign an owner or a device, change a role), from an off-boarding, a review decision
or an expired grant, with its assignee, due date and evidence when done."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from channels_registry.models import Channel
from core.choices import ChoiceLabels
from governance.access.models import AccessGrant
from governance.choices import TaskKind, TaskOrigin, TaskStatus


class Task(ChoiceLabels, models.Model):
    """One thing a person must do on a channel (revoke, rotate, hand over, change a role), with
    what handed it out: an off-boarding, an access review's decision or an expired grant."""

    origin = models.CharField(_("origin"), max_length=12, choices=TaskOrigin.choices)
    offboarding = models.ForeignKey(
        "governance.Offboarding",
        verbose_name=_("off-boarding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    review_item = models.OneToOneField(
        "governance.ReviewItem",
        verbose_name=_("review item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task",
    )
    drift_finding = models.ForeignKey(
        "governance.DriftFinding",
        verbose_name=_("drift finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TaskKind.choices)
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="+"
    )
    grant = models.ForeignKey(
        AccessGrant,
        verbose_name=_("grant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["offboarding", "status", "kind", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["offboarding", "kind", "channel"],
                name="offboarding_task_unique_per_channel_and_kind",
            ),
            # A holder seen on the platform may hold no grant at all: their removal still is one.
            models.CheckConstraint(
                condition=~Q(kind="revoke") | Q(grant__isnull=False) | Q(origin="drift"),
                name="revoke_task_has_grant",
            ),
            # The origin names the one record that handed the task out.
            models.CheckConstraint(
                condition=(
                    Q(origin="offboarding", offboarding__isnull=False, review_item__isnull=True)
                    | Q(origin="review", offboarding__isnull=True, review_item__isnull=False)
                    | Q(
                        origin="expiry",
                        offboarding__isnull=True,
                        review_item__isnull=True,
                        grant__isnull=False,
                    )
                    | Q(
                        origin="drift",
                        offboarding__isnull=True,
                        review_item__isnull=True,
                        drift_finding__isnull=False,
                    )
                ),
                name="task_origin_matches_its_record",
            ),
        ]
        indexes = [models.Index(fields=["assignee", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.channel.name}"

    @property
    def subject(self):
        """The person whose access this task is about: the leaver, the reviewed person, the holder
        (None for a holder seen on the platform whom nobody matched to a person)."""
        if self.origin == TaskOrigin.OFFBOARDING:
            return self.offboarding.person
        if self.origin == TaskOrigin.REVIEW:
            return self.review_item.person
        if self.origin == TaskOrigin.DRIFT:
            return self.drift_finding.person
        return self.grant.person

    @property
    def subject_name(self) -> str:
        """Whom the task is about, in words: the person, else the name the platform shows."""
        subject = self.subject
        if subject is None and self.drift_finding and self.drift_finding.holder:
            return self.drift_finding.holder.name
        return str(subject or "")
