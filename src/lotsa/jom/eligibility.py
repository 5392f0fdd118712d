"""Advice on admission: which of the target group's criteria a person assessed at the
admission interview does not meet. Advice only: it never blocks a decision, which stays with
the party the course's organisation model names."""

from __future__ import annotations

import datetime
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotsa.jom.models.course import CognitiveBarriers, SubstanceUse, TreatmentStatus

ADVICE: dict[str, Promise] = {
    "age": _("The age is outside the target group's age band."),
    "diagnosis_group": _("The diagnosis group is not one the target group names."),
    "treatment": _("The target group asks for treatment, and the person is not in treatment."),
    "substance_use": _(
        "Alcohol or drug use more recently than the target group allows, or active use."
    ),
    "cognitive_barriers": _("Marked cognitive barriers, which the target group does not cover."),
    "group_work": _("Not open to group teaching, which the course is built on."),
}


class Criteria(Protocol):
    age_min: int
    age_max: int
    diagnosis_groups: list[str]
    treatment_required: bool
    substance_free_days: int
    requires_openness_to_groups: bool
    excludes_marked_cognitive_barriers: bool


class Findings(Protocol):
    diagnosis_group: str
    treatment_status: str
    substance_use: str
    last_use_on: datetime.date | None
    cognitive_barriers: str
    open_to_group_work: bool


def _used_recently(found: Findings, free_days: int, today: datetime.date) -> bool:
    if found.substance_use == SubstanceUse.ACTIVE:
        return True
    return found.last_use_on is not None and (today - found.last_use_on).days < free_days


def advise(criteria: Criteria, found: Findings, birth_year: int, today: datetime.date) -> list[str]:
    """The codes (keys of ``ADVICE``) of the criteria not met, in the order ``ADVICE`` lists
    them. The age is the age reached this year: a register record may hold only the year."""
    age = today.year - birth_year
    unmet = {
        "age": not criteria.age_min <= age <= criteria.age_max,
        "diagnosis_group": found.diagnosis_group not in criteria.diagnosis_groups,
        "treatment": criteria.treatment_required
        and found.treatment_status == TreatmentStatus.NOT_IN_TREATMENT,
        "substance_use": _used_recently(found, criteria.substance_free_days, today),
        "cognitive_barriers": criteria.excludes_marked_cognitive_barriers
        and found.cognitive_barriers == CognitiveBarriers.MARKED,
        "group_work": criteria.requires_openness_to_groups and not found.open_to_group_work,
    }
    return [code for code in ADVICE if unmet[code]]
