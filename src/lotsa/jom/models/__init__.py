"""The JOM course's records, by sub-topic."""

from lotsa.jom.models.course import (
    ORGANISATION_MODELS,
    Course,
    CourseTask,
    OrganisationModel,
    Party,
)

__all__ = ["ORGANISATION_MODELS", "Course", "CourseTask", "OrganisationModel", "Party"]
