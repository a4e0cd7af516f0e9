from governance.access.models import AccessGrant, AccessRequest
from governance.actions.models import Task
from governance.chat.models import ChatDestination, TeamNotice
from governance.offboarding.models import Offboarding
from governance.policies.models import Acknowledgement, CrisisContact, Policy, PolicyVersion
from governance.provisioning.models import ScimCall, ScimGroup, ScimToken, ScimUser
from governance.reconciliation.models import (
    DriftFinding,
    HolderMatch,
    Observation,
    ObservedHolder,
)
from governance.reconciliation.models_credentials import ChannelSource, ConnectorCredential
from governance.reminders.models import Reminder, ReminderPreference, ReminderStage
from governance.reviews.models import AccessReview, ReviewItem

__all__ = [
    "AccessGrant",
    "AccessRequest",
    "AccessReview",
    "Acknowledgement",
    "ChannelSource",
    "ChatDestination",
    "ConnectorCredential",
    "CrisisContact",
    "DriftFinding",
    "HolderMatch",
    "Observation",
    "ObservedHolder",
    "Offboarding",
    "Policy",
    "PolicyVersion",
    "Reminder",
    "ReminderPreference",
    "ReminderStage",
    "ReviewItem",
    "ScimCall",
    "ScimGroup",
    "ScimToken",
    "ScimUser",
    "Task",
    "TeamNotice",
]
