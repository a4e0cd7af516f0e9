from governance.models.access import AccessGrant, AccessRequest
from governance.models.offboarding import Offboarding, OffboardingTask
from governance.models.reminders import Reminder, ReminderPreference, ReminderStage
from governance.models.reviews import AccessReview, ReviewItem

__all__ = [
    "AccessGrant",
    "AccessRequest",
    "AccessReview",
    "Offboarding",
    "OffboardingTask",
    "Reminder",
    "ReminderPreference",
    "ReminderStage",
    "ReviewItem",
]
