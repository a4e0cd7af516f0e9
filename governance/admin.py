"""The governance app's admin: each feature registers its own models (importing registers)."""

from governance.access import admin as access_admin  # noqa: F401
from governance.actions import admin as actions_admin  # noqa: F401
from governance.chat import admin as chat_admin  # noqa: F401
from governance.offboarding import admin as offboarding_admin  # noqa: F401
from governance.policies import admin as policies_admin  # noqa: F401
from governance.provisioning import admin as provisioning_admin  # noqa: F401
from governance.reconciliation import admin as reconciliation_admin  # noqa: F401
from governance.reconciliation import admin_credentials  # noqa: F401
from governance.reminders import admin as reminders_admin  # noqa: F401
from governance.reviews import admin as reviews_admin  # noqa: F401
