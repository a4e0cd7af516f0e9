from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingKind(models.TextChoices):
    """A difference between the register and what the platform shows."""

    UNKNOWN_HOLDER = "unknown_holder", _("Unknown holder")
    HOLDER_GONE = "holder_gone", _("Holder has left or is leaving")
    PAPER_ONLY = "paper_only", _("Grant on paper only")
    ROLE_HIGHER = "role_higher", _("Platform role higher than granted")
    REVOKED_PRESENT = "revoked_present", _("Revoked access still present")
    OWNER_NOT_ADMIN = "owner_not_admin", _("Owner or 2FA holder not an admin")
    SINGLE_ADMIN = "single_admin", _("Single real admin")
    STALE_INVITATION = "stale_invitation", _("Pending invitation older than a week")


class MatchedBy(models.TextChoices):
    """How an observed holder was matched to a person of the directory."""

    EMAIL = "email", _("E-mail")
    PLATFORM_ID = "platform_id", _("Platform user id, confirmed once")
    NAME = "name", _("Name, confirmed once")
