"""The KNUT-PV model's milestones and checklist items that the work-training records mark,
named once.

The programme model (``pathways/programmes/knut_pv.toml``) defines them; the app checks at
start that each still exists there."""

PROGRAMME = "knut_pv"

# Milestones
WORK_PLAN = "work_plan"
FIRST_WORK_ANALYSIS = "first_work_analysis"
FIRST_REPORT_TO_COMMISSIONER = "first_report_to_commissioner"

# Checklist items
REFERRAL_NEEDS_STATED = "referral_needs_stated"
ACTIVITIES_PRESENTED = "activities_presented"
PARTICIPANT_CHOSE_ACTIVITY = "participant_chose_activity"
WORK_ANALYSIS = "work_analysis"
FUNCTIONAL_OBSERVATION = "functional_observation"
SELF_RATING = "self_rating"
MI_CONVERSATION = "mi_conversation"
REPORT_TO_COMMISSIONER = "report_to_commissioner"
FOLLOW_UP_MEETING = "follow_up_meeting"

MILESTONES = (WORK_PLAN, FIRST_WORK_ANALYSIS, FIRST_REPORT_TO_COMMISSIONER)
CHECKLIST = (
    REFERRAL_NEEDS_STATED,
    ACTIVITIES_PRESENTED,
    PARTICIPANT_CHOSE_ACTIVITY,
    WORK_ANALYSIS,
    FUNCTIONAL_OBSERVATION,
    SELF_RATING,
    MI_CONVERSATION,
    REPORT_TO_COMMISSIONER,
    FOLLOW_UP_MEETING,
)
