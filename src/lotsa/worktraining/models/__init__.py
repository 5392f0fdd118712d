"""The work-training unit's records, by sub-topic."""

from lotsa.worktraining.models.planning import (
    GENDER_REVIEW_STEPS,
    ActivityOffer,
    ActivityStatus,
    BusinessPlan,
    GenderReview,
    GoalLevel,
    OfferOutcome,
    PlanActivity,
    PlanArea,
    PlanGoal,
    PlanSection,
    PlanStatus,
)
from lotsa.worktraining.models.units import Financing, WorkUnit

__all__ = [
    "GENDER_REVIEW_STEPS",
    "ActivityOffer",
    "ActivityStatus",
    "BusinessPlan",
    "Financing",
    "GenderReview",
    "GoalLevel",
    "OfferOutcome",
    "PlanActivity",
    "PlanArea",
    "PlanGoal",
    "PlanSection",
    "PlanStatus",
    "WorkUnit",
]
