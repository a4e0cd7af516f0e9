from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccessMethod(models.TextChoices):
    PERSONAL = "personal", _("Personal login through the business manager")
    SHARED = "shared", _("Shared credentials")
    TOOL = "tool", _("Third-party publishing tool")


class GrantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOCATION_PENDING = "revocation_pending", _("Revocation pending")
    REVOKED = "revoked", _("Revoked")


# A grant still gives access on the platform until its revocation is confirmed.
HOLDING_STATUSES = (GrantStatus.ACTIVE, GrantStatus.REVOCATION_PENDING)


class RevocationReason(models.TextChoices):
    OFFBOARDING = "offboarding", _("Off-boarding")
    REVIEW = "review", _("Access review")
    EXPIRY = "expiry", _("Expiry")
    MANUAL = "manual", _("Manual")
    DRIFT = "drift", _("Seen on the platform")
    ROLE_CHANGE = "role_change", _("Role change")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


class OffboardingStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    COMPLETED = "completed", _("Completed")


class TaskKind(models.TextChoices):
    REVOKE = "revoke", _("Revoke access")
    ROTATE_PASSWORD = "rotate_password", _("Rotate the shared password")
    REASSIGN_OWNER = "reassign_owner", _("Name a new business owner")
    REASSIGN_BACKUP = "reassign_backup", _("Name a new backup owner")
    REASSIGN_TWO_FACTOR = "reassign_two_factor", _("Move the 2FA device")
    REASSIGN_RECOVERY_PHONE = "reassign_recovery_phone", _("Change the recovery phone")
    CHANGE_ROLE = "change_role", _("Change the role")


# Reassignment task kind → the channel field that must no longer name the leaver.
REASSIGNMENT_FIELDS: dict[str, str] = {
    TaskKind.REASSIGN_OWNER: "business_owner",
    TaskKind.REASSIGN_BACKUP: "backup_owner",
    TaskKind.REASSIGN_TWO_FACTOR: "two_factor_holder",
    TaskKind.REASSIGN_RECOVERY_PHONE: "recovery_phone_holder",
}


class TaskOrigin(models.TextChoices):
    """What handed a task out."""

    OFFBOARDING = "offboarding", _("Off-boarding")
    REVIEW = "review", _("Access review")
    EXPIRY = "expiry", _("Expired grant")
    DRIFT = "drift", _("Seen on the platform")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("status of a campaign", "Open")
    CLOSED = "closed", _("Closed")


class ReviewOutcome(models.TextChoices):
    """What happens to an item nobody decided by the deadline."""

    REVOKE = "revoke", _("Revoke")
    KEEP_AND_FLAG = "keep_flag", _("Keep and flag")


class Decision(models.TextChoices):
    KEEP = "keep", _("Keep")
    REVOKE = "revoke", _("Revoke")
    CHANGE_ROLE = "change_role", _("Change role")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", pgettext_lazy("status of a task", "Done")


class PolicyKind(models.TextChoices):
    SOCIAL_MEDIA_POLICY = "social_media_policy", _("Social media policy")
    EMPLOYEE_GUIDELINES = "employee_guidelines", _("Employee guidelines")
    COMMUNITY_GUIDELINES = "community_guidelines", _("Community and moderation guidelines")
    CRISIS_PLAN = "crisis_plan", _("Crisis management plan")
    BRAND_VOICE = "brand_voice", _("Brand voice")
    SECURITY_RULES = "security_rules", _("Security rules")
    OTHER = "other", _("Other")


class PolicyAudience(models.TextChoices):
    HOLDERS = "holders", _("Everyone holding active access")
    TEAMS = "teams", _("The people of chosen teams")
    PARTNERS = "partners", _("Partners' people")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
