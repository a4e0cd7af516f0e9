from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonKind(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    CONTRACTOR = "contractor", _("Contractor")
    AGENCY_STAFF = "agency_staff", _("Agency staff")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LEAVING = "leaving", _("Leaving")
    LEFT = "left", _("Left")


class PartnerKind(models.TextChoices):
    AGENCY = "agency", _("Agency")
    CONSULTANT = "consultant", _("Consultant")
    FREELANCER = "freelancer", _("Freelancer's company")


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    EVENT = "event", _("Event")


class ApiTokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personal")
    SERVICE = "service", _("Service")
