"""The JOM model's milestones and checklist items that the course records mark, named once.

The programme model (``pathways/programmes/jom.toml``) defines them; the app checks at start
that each still exists there."""

PROGRAMME = "jom"

# Milestones
ADMITTED = "admitted"
INTERNSHIP_AGREEMENT = "internship_agreement"
INTERNSHIP_EXTENDED = "internship_extended"
COURSE_END = "course_end"
AFTERCARE_LEVELS = {1: "aftercare_level_1", 2: "aftercare_level_2", 3: "aftercare_level_3"}
STATUS_AT_END = "status_at_end"
STATUS_6_MONTHS = "status_6_months"

# Checklist items
TARGET_GROUP_CHECK = "target_group_check"
ADMISSION_INTERVIEW = "admission_interview"
AGREEMENT_GUIDE = "agreement_guide"
INTERNSHIP_AGREEMENT_ITEM = "internship_agreement"
MENTOR_NEED_ASSESSED = "mentor_need_assessed"
TRANSPORT_ARRANGED = "transport_arranged"
INTERNSHIP_READINESS = "internship_readiness"
COMPANY_FOLLOW_UP = "company_follow_up"
ABSENCE_FOLLOW_UP = "absence_follow_up"
EXTENSION_DECIDED = "extension_decided"
AFTERCARE_NEED_ASSESSED = "aftercare_need_assessed"
AFTERCARE_FOLLOW_UP = "aftercare_follow_up"

MILESTONES = (
    ADMITTED,
    INTERNSHIP_AGREEMENT,
    INTERNSHIP_EXTENDED,
    COURSE_END,
    *AFTERCARE_LEVELS.values(),
    STATUS_AT_END,
    STATUS_6_MONTHS,
)
CHECKLIST = (
    TARGET_GROUP_CHECK,
    ADMISSION_INTERVIEW,
    AGREEMENT_GUIDE,
    INTERNSHIP_AGREEMENT_ITEM,
    MENTOR_NEED_ASSESSED,
    TRANSPORT_ARRANGED,
    INTERNSHIP_READINESS,
    COMPANY_FOLLOW_UP,
    ABSENCE_FOLLOW_UP,
    EXTENSION_DECIDED,
    AFTERCARE_NEED_ASSESSED,
    AFTERCARE_FOLLOW_UP,
)
