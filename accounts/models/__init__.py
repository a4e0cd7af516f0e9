from accounts.models.directory import Partner, Person, Team
from accounts.models.history import ObjectChange
from accounts.models.user import User

__all__ = ["ObjectChange", "Partner", "Person", "Team", "User"]
