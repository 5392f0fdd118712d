"""The JOM course's records, by sub-topic."""

from lotsa.jom.models.course import (
    ORGANISATION_MODELS,
    Course,
    CourseTask,
    OrganisationModel,
    Party,
)
from lotsa.jom.models.internship import (
    AftercareLevel,
    AftercareMeeting,
    AgreementSection,
    EducationStatus,
    Internship,
    InternshipAgreement,
    InternshipAttendance,
    InternshipFollowUp,
    MentorSupport,
    ReadinessDecision,
    TransportSupport,
)

__all__ = [
    "ORGANISATION_MODELS",
    "AftercareLevel",
    "AftercareMeeting",
    "AgreementSection",
    "Course",
    "CourseTask",
    "EducationStatus",
    "Internship",
    "InternshipAgreement",
    "InternshipAttendance",
    "InternshipFollowUp",
    "MentorSupport",
    "OrganisationModel",
    "Party",
    "ReadinessDecision",
    "TransportSupport",
]
