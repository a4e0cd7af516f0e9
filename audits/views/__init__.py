from audits.views.tab import AUDITS_TAB

__all__ = ["AUDITS_TAB"]
