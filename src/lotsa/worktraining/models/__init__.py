"""The work-training unit's records, by sub-topic."""

from lotsa.worktraining.models.analysis import (
    SELF_RATING_MAX,
    AbilityEntry,
    AnalysisSummary,
    Purpose,
    WorkAnalysis,
)
from lotsa.worktraining.models.daily import (
    LINE_FIELDS,
    CompensationExport,
    Incident,
    IncidentKind,
    ScheduleEntry,
    ScheduleLine,
    ScheduleVersion,
    ScheduleVersionLine,
    WeeklySchedule,
)
from lotsa.worktraining.models.motivation import (
    BehaviourActionPlan,
    MotivationAssessment,
    Stage,
    TargetBehaviour,
    Tool,
)
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
from lotsa.worktraining.models.referral import (
    Commissioner,
    NeedCategory,
    ParticipantCategory,
    WorkTrainingReferral,
)
from lotsa.worktraining.models.report_back import ReportBack, ReportBackStatus
from lotsa.worktraining.models.units import (
    Financing,
    FunctionalRequirement,
    RequirementLevel,
    TaskRequirement,
    WorkTask,
    WorkUnit,
)

__all__ = [
    "BehaviourActionPlan",
    "MotivationAssessment",
    "ReportBack",
    "ReportBackStatus",
    "Stage",
    "TargetBehaviour",
    "Tool",
    "SELF_RATING_MAX",
    "AbilityEntry",
    "AnalysisSummary",
    "Commissioner",
    "Financing",
    "FunctionalRequirement",
    "NeedCategory",
    "ParticipantCategory",
    "Purpose",
    "RequirementLevel",
    "TaskRequirement",
    "WorkAnalysis",
    "WorkTask",
    "WorkTrainingReferral",
    "CompensationExport",
    "Incident",
    "IncidentKind",
    "LINE_FIELDS",
    "ScheduleEntry",
    "ScheduleLine",
    "ScheduleVersion",
    "ScheduleVersionLine",
    "WeeklySchedule",
    "GENDER_REVIEW_STEPS",
    "ActivityOffer",
    "ActivityStatus",
    "BusinessPlan",
    "GenderReview",
    "GoalLevel",
    "OfferOutcome",
    "PlanActivity",
    "PlanArea",
    "PlanGoal",
    "PlanSection",
    "PlanStatus",
    "WorkUnit",
    "ERASED_WITH_CASE",
]

# What erasure blanks in a case's work-training records after its retention period: what was
# written, and the self-ratings, which say how the person rates their own health at work. The
# behaviours, stages, levels and dates stay as figures.
ERASED_WITH_CASE = (
    (
        WorkTrainingReferral,
        "enrolment",
        {"commissioner_name": "", "stated_needs": "", "to_train_or_test": ""},
    ),
    (AbilityEntry, "analysis__enrolment", {"observation": "", "self_rating": None}),
    (AnalysisSummary, "enrolment", {"text": ""}),
    (TargetBehaviour, "enrolment", {"problem": "", "behaviour": ""}),
    (
        MotivationAssessment,
        "behaviour__enrolment",
        {"sbk_situation": "", "sbk_behaviour": "", "sbk_consequence": "", "notes": ""},
    ),
    (BehaviourActionPlan, "behaviour__enrolment", {"steps": ""}),
    (
        ReportBack,
        "enrolment",
        {"content": {}, "development": "", "next_steps": "", "sent_to": ""},
    ),
    (Incident, "enrolment", {"note": "", "return_condition": ""}),
    (ActivityOffer, "enrolment", {"reason": "", "obstacle": ""}),
)
