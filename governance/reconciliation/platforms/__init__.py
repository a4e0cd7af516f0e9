"""The API connectors, one module per platform, each a pure reader registered in
`platform_connectors` (governance.apps). `http.py` holds what they share."""

from governance.reconciliation.platforms.linkedin import LINKEDIN
from governance.reconciliation.platforms.meta import META
from governance.reconciliation.platforms.pinterest import PINTEREST
from governance.reconciliation.platforms.tiktok import TIKTOK

CONNECTORS = (META, LINKEDIN, TIKTOK, PINTEREST)

__all__ = ["CONNECTORS"]
