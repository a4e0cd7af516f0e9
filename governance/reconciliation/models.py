"""What the platforms showed (observations and the holders seen in them, kept as history),
the holder→person matches a lead confirmed, and the drift findings between them and the
register."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from channels_registry.models import Channel, Platform, PlatformRole
from governance.access.models import AccessGrant
from governance.reconciliation.choices import FindingKind, MatchedBy
from governance.reconciliation.connectors import ConnectorFailure


class ObservationQuerySet(models.QuerySet):
    def succeeded(self) -> ObservationQuerySet:
        return self.filter(failure="")


class Observation(models.Model):
    """One reading of one channel by a connector (an API or a file), or its failure."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="observations"
    )
    seen_at = models.DateTimeField(_("seen at"))
    source = models.CharField(_("source"), max_length=40)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by_label = models.CharField(_("recorded by (label)"), max_length=254, blank=True)
    failure = models.CharField(
        _("failure"), max_length=30, choices=ConnectorFailure.choices, blank=True
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-seen_at", "-pk"]
        indexes = [models.Index(fields=["channel", "-seen_at"])]

    def __str__(self) -> str:
        return f"{self.channel.name} @ {self.seen_at:%Y-%m-%d %H:%M} ({self.source})"


class ObservedHolder(models.Model):
    """One person or account holding a role on the channel in one observation."""

    observation = models.ForeignKey(
        Observation, verbose_name=_("observation"), on_delete=models.PROTECT, related_name="holders"
    )
    name = models.CharField(_("name"), max_length=200)
    external_id = models.CharField(_("platform user id"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    role_name = models.CharField(_("platform role"), max_length=120)
    # A reading records thousands of holders at once, and the database checks each foreign
    # key of each one at commit: the role's and the person's checks were two thirds of that
    # commit (190 ms of 15,000 holders). Both ids come from the database in the same
    # transaction, and neither a role nor a person is ever deleted while a holder names it
    # (PROTECT): those two keys are kept by Django, not checked again by PostgreSQL. The
    # person's own index would repeat the first column of (person, observation).
    role = models.ForeignKey(
        PlatformRole,
        verbose_name=_("role"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observed_as",
        db_constraint=False,
        db_index=False,
    )
    matched_by = models.CharField(
        _("matched by"), max_length=12, choices=MatchedBy.choices, blank=True
    )
    two_factor = models.BooleanField(_("2FA on"), null=True, blank=True)
    last_active_at = models.DateTimeField(_("last active"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("observed holder")
        verbose_name_plural = _("observed holders")
        ordering = ["observation", "name"]
        indexes = [models.Index(fields=["person", "observation"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.role_name})"

    @property
    def identity(self) -> str:
        """What stays the same from one observation to the next: the platform id, else the name."""
        return f"id:{self.external_id}" if self.external_id else f"name:{self.name.strip().lower()}"


class HolderMatch(models.Model):
    """A lead's confirmation that a holder seen on a platform (by its platform id, or its name
    when the platform gives none) is this person; remembered for every later observation."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.PROTECT, related_name="+"
    )
    external_id = models.CharField(_("platform user id"), max_length=200, blank=True)
    name = models.CharField(_("name (lower case)"), max_length=200, blank=True)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="holder_matches"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        verbose_name = _("holder match")
        verbose_name_plural = _("holder matches")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"],
                condition=~Q(external_id=""),
                name="holder_match_unique_platform_id",
            ),
            models.UniqueConstraint(
                fields=["platform", "name"],
                condition=Q(external_id=""),
                name="holder_match_unique_name",
            ),
            models.CheckConstraint(
                condition=~Q(external_id="") | ~Q(name=""), name="holder_match_has_identity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.external_id or self.name} → {self.person}"


class DriftFindingQuerySet(models.QuerySet):
    def open(self) -> DriftFindingQuerySet:
        return self.filter(resolved_at__isnull=True)


class DriftFinding(models.Model):
    """A difference between the register and the platform, kept from the first observation
    that showed it to the last, and resolved when an observation no longer shows it."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="drift_findings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    # Who or what the finding is about, stable across observations: "person:12", "grant:4",
    # "id:<platform id>", "name:<name>", or "" for the channel itself.
    subject_key = models.CharField(_("subject"), max_length=220, blank=True)
    # Every reading moves an open finding's holder, observation and last-seen time: with none
    # of the three indexed (nothing looks findings up by them), PostgreSQL updates the row in
    # place without touching its other indexes.
    holder = models.ForeignKey(
        ObservedHolder,
        verbose_name=_("observed holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    grant = models.ForeignKey(
        AccessGrant,
        verbose_name=_("grant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drift_findings",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drift_findings",
    )
    observation = models.ForeignKey(
        Observation,
        verbose_name=_("last seen in"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = DriftFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("drift finding")
        verbose_name_plural = _("drift findings")
        ordering = ["channel", "kind", "first_seen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "kind", "subject_key"],
                condition=Q(resolved_at__isnull=True),
                name="drift_finding_one_open_per_subject",
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "channel"])]

    def __str__(self) -> str:
        # The label straight from the choices: get_kind_display() rebuilds (and hashes) the
        # choices on every call, which a batch of thousands of history rows feels.
        return f"{FindingKind(self.kind).label}: {self.channel.name}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
