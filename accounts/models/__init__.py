from accounts.models.directory import Partner, Person, Team
from accounts.models.history import ObjectChange
from accounts.models.sso import GroupMapping, Protocol, SignInProvider
from accounts.models.user import User

__all__ = [
    "GroupMapping",
    "ObjectChange",
    "Partner",
    "Person",
    "Protocol",
    "SignInProvider",
    "Team",
    "User",
]
