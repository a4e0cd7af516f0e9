from roadmap.models.calendar import CalendarToken
from roadmap.models.objectives import KpiReading, Objective
from roadmap.models.plan import Milestone, Phase, Roadmap, SourcingOption

__all__ = [
    "CalendarToken",
    "KpiReading",
    "Milestone",
    "Objective",
    "Phase",
    "Roadmap",
    "SourcingOption",
]
