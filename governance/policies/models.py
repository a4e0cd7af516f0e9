"""Policies and guidelines: versioned, published by a lead, acknowledged by their audience."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Person, Team
from channels_registry.models import Channel
from governance.choices import PolicyAudience, PolicyKind, VersionStatus


class PublishedVersionIsImmutable(Exception):
    """A published version is the record of what people accepted: it never changes."""


class Policy(models.Model):
    """A document people must know, with its audience and whether they must accept it."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=PolicyKind.choices)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_policies",
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=PolicyAudience.choices, default=PolicyAudience.HOLDERS
    )
    teams = models.ManyToManyField(
        Team,
        verbose_name=_("teams"),
        blank=True,
        related_name="policies",
        help_text=_("Only for an audience of chosen teams."),
    )
    acknowledgement_required = models.BooleanField(_("acknowledgement required"), default=True)
    gates_access = models.BooleanField(
        _("required before new access"),
        default=False,
        help_text=_(
            "New access cannot be granted to a person of the audience who has not accepted the "
            "current version."
        ),
    )
    current_version = models.OneToOneField(
        "PolicyVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gates_access=False) | Q(acknowledgement_required=True),
                name="policy_gate_requires_acknowledgement",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PolicyVersion(models.Model):
    """One wording of a policy: a draft can be edited, a published version never changes."""

    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    body = models.TextField(_("text (Markdown)"))
    summary = models.TextField(_("summary of changes"), blank=True)
    effective_on = models.DateField(_("effective date"), default=timezone.localdate)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved and published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_number"),
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(status=VersionStatus.DRAFT),
                name="policy_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT)
                | Q(published_at__isnull=False, published_by__isnull=False),
                name="policy_version_published_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self._stored_as_published():
            raise PublishedVersionIsImmutable(f"{self} is published and cannot change.")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args, **kwargs):
        if self._stored_as_published():
            raise PublishedVersionIsImmutable(f"{self} is published and cannot be deleted.")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def _stored_as_published(self) -> bool:
        return getattr(self, "_stored_status", None) == VersionStatus.PUBLISHED


class Acknowledgement(models.Model):
    """A person read and accepted one version; the record an auditor asks for."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    version = models.ForeignKey(
        PolicyVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), default=timezone.now)
    # Someone without a login accepts on paper; a lead records it, with the evidence.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "version"], name="acknowledgement_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.version}"


class CrisisContact(models.Model):
    """Who to call in a crisis, in which order: for one channel, one team, or everything."""

    policy = models.ForeignKey(
        Policy,
        verbose_name=_("crisis plan"),
        on_delete=models.PROTECT,
        related_name="crisis_contacts",
    )
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="crisis_contacts",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="crisis_contacts",
    )
    position = models.PositiveSmallIntegerField(_("call order"), help_text=_("1 is called first."))
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="crisis_contacts",
    )
    name = models.CharField(
        _("name"), max_length=160, blank=True, help_text=_("For someone outside the directory.")
    )
    responsibility = models.CharField(_("responsibility"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    active = models.BooleanField(_("on the roster"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("crisis contact")
        verbose_name_plural = _("crisis contacts")
        ordering = ["policy", "channel", "team", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__isnull=True) | Q(team__isnull=True),
                name="crisis_contact_one_scope",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="crisis_contact_named",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id else self.name
