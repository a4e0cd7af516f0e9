from governance.models.access import AccessGrant, AccessRequest
from governance.models.offboarding import Offboarding, OffboardingTask
from governance.models.policies import Acknowledgement, CrisisContact, Policy, PolicyVersion
from governance.models.reminders import Reminder, ReminderPreference, ReminderStage
from governance.models.reviews import AccessReview, ReviewItem

__all__ = [
    "AccessGrant",
    "AccessRequest",
    "AccessReview",
    "Acknowledgement",
    "CrisisContact",
    "Offboarding",
    "OffboardingTask",
    "Policy",
    "PolicyVersion",
    "Reminder",
    "ReminderPreference",
    "ReminderStage",
    "ReviewItem",
]
