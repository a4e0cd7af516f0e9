from governance.models.access import AccessGrant, AccessRequest
from governance.models.offboarding import Offboarding, OffboardingTask
from governance.models.reviews import AccessReview, ReviewItem

__all__ = [
    "AccessGrant",
    "AccessRequest",
    "AccessReview",
    "Offboarding",
    "OffboardingTask",
    "ReviewItem",
]
