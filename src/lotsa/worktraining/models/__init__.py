"""The work-training unit's records, by sub-topic."""

from lotsa.worktraining.models.motivation import (
    BehaviourActionPlan,
    MotivationAssessment,
    Stage,
    TargetBehaviour,
    Tool,
)
from lotsa.worktraining.models.report_back import ReportBack, ReportBackStatus
from lotsa.worktraining.models.units import Financing, WorkUnit

__all__ = [
    "BehaviourActionPlan",
    "Financing",
    "MotivationAssessment",
    "ReportBack",
    "ReportBackStatus",
    "Stage",
    "TargetBehaviour",
    "Tool",
    "WorkUnit",
]
