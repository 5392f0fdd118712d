"""The closed lists of codes a programme definition file may use."""

from __future__ import annotations

LANGUAGES = ("sv", "da", "en")
ANY_PHASE = "*"
OUTCOME_CLASSES = (
    "work",
    "education",
    "other_programme",
    "sickness_benefit",
    "sickness_compensation",
    "social_assistance",
    "moved",
    "withdrew_consent",
    "deceased",
    "other",
)
CONSENT_KINDS = (
    "participation",
    "statistics",
    "survey",
    "information_sharing",
    "disability_coding",
)
BASELINE_FIELDS = ("income_sources", "employment_status", "education_level")
CONTACT_PARTIES = ("participant", "treatment_team", "employer", "fk", "af", "family", "other")
CONTACT_MODES = ("face_to_face", "phone", "video", "message")
DERIVED_SOURCES = (
    "referral",
    "start",
    "first_contact",
    "exit",
    "employer_contact",
    "job_start",
    "competitive_job_start",
    "profile",
    "final_documentation",
)
DEADLINE_KINDS = (
    "after_milestone",
    "contact_interval",
    "anchored",
    "share_of_duration",
    "monthly",
    "phase_limit",
)
# Who a deadline is for: the people responsible for the case, or the unit's team leader (a case
# waiting too long in referral is the unit's flag, not the coach's).
DEADLINE_OWNERS = ("responsible", "team_leader")
# A deadline's closed_by names a milestone, or a phase written with this prefix.
PHASE_PREFIX = "phase:"
# Dates recorded on an enrolment that a timeline or a deadline may count from.
RECORDED_DATES = ("benefit_end",)
# Records kept month by month that a monthly deadline may expect.
MONTHLY_RECORDS = ("time_report_signed",)
# Kinds of organisation whose staff may be named in a model's responsible pair, approvals and
# reporting (the codes of organisations.Organisation.Kind).
AGENCY_KINDS = (
    "municipality",
    "region",
    "forsakringskassan",
    "arbetsformedlingen",
    "jobcentre",
    "coordination_association",
    "provider",
    "other",
)
LAST_DAY = "last"
CHECKLIST_PREFIX = "checklist:"
