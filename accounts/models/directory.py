"""The people directory: persons, teams and partner organisations."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.choices import PartnerKind, PersonKind, PersonStatus
from core.choices import ChoiceLabels


class Team(models.Model):
    """A department or team of the organisation."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams_led",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An outside organisation whose people hold time-bound access."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(ChoiceLabels, models.Model):
    """Anyone who can hold access to a channel; may or may not log in."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PersonKind.choices, default=PersonKind.EMPLOYEE
    )
    job_title = models.CharField(_("job title"), max_length=160, blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="person",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="person_email_ci_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=PersonStatus.ACTIVE) | Q(end_date__isnull=False),
                name="person_leaving_or_left_has_end_date",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="person_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PersonKind.AGENCY_STAFF) | Q(partner__isnull=False),
                name="person_agency_staff_has_partner",
            ),
        ]
        indexes = [models.Index(fields=["status", "end_date"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.status != PersonStatus.ACTIVE and not self.end_date:
            errors["end_date"] = _("A person who is leaving or has left needs an end date.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.kind == PersonKind.AGENCY_STAFF and not self.partner_id:
            errors["partner"] = _("Agency staff belong to a partner organisation.")
        if self.manager_id and self.pk and self.manager_id == self.pk:
            errors["manager"] = _("A person cannot be their own manager.")
        if self.email:
            self.email = self.email.strip().lower()
            clash = Person.objects.filter(email__iexact=self.email).exclude(pk=self.pk)
            if clash.exists():
                errors["email"] = _("Another person already has this e-mail address.")
        if errors:
            raise ValidationError(errors)
