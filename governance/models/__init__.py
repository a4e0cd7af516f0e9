from governance.models.access import AccessGrant, AccessRequest
from governance.models.offboarding import Offboarding, OffboardingTask

__all__ = ["AccessGrant", "AccessRequest", "Offboarding", "OffboardingTask"]
