"""The work-training unit's records, by sub-topic."""

from lotsa.worktraining.models.daily import (
    CompensationExport,
    Incident,
    IncidentKind,
    ScheduleEntry,
    WeeklySchedule,
)
from lotsa.worktraining.models.units import Financing, WorkUnit

__all__ = [
    "CompensationExport",
    "Financing",
    "Incident",
    "IncidentKind",
    "ScheduleEntry",
    "WeeklySchedule",
    "WorkUnit",
]
