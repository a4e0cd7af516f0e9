from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ObjectiveStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")


class RoadmapTemplate(models.TextChoices):
    TIME_WINDOWS = "time_windows", _("Time windows: 1, 3, 6, 9 and 12 months")
    SOURCING = "sourcing", _("Sourcing path: expert, outsourced, in-house")
    EMPTY = "empty", _("Empty: I add the phases")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("status of a milestone", "Done")


class SourcingKind(models.TextChoices):
    IN_HOUSE = "in_house", _("In-house")
    AGENCY = "agency", _("Agency")
    CONSULTANT = "consultant", _("Consultant")


MAX_ACTIVE_OBJECTIVES = 3
