"""Pages of the governance app: access, requests, people, off-boarding and the matrix."""

from governance.views.crisis import CRISIS_TAB
from governance.views.tab import ACCESS_TAB

__all__ = ["ACCESS_TAB", "CRISIS_TAB"]
