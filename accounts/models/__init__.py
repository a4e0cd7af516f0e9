from accounts.models.api_token import ApiToken
from accounts.models.directory import Partner, Person, Team
from accounts.models.history import ObjectChange
from accounts.models.sso import GroupMapping, Protocol, SignInProvider
from accounts.models.user import User

__all__ = [
    "ApiToken",
    "GroupMapping",
    "ObjectChange",
    "Partner",
    "Person",
    "Protocol",
    "SignInProvider",
    "Team",
    "User",
]
