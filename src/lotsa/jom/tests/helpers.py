"""Records the course tests start from."""

from __future__ import annotations

import datetime
from decimal import Decimal

from lotsa.cohorts.models import Cohort
from lotsa.jom.models import Course
from lotsa.jom.services import admission, contract
from lotsa.jom.services import course as course_services
from lotsa.testing.clock import TODAY
from lotsa.testing.personas import JomTeam

SHAPE = course_services.CourseValues(
    organisation_model=2,
    preparation_weeks=4,
    teaching_weeks=2,
    teaching_weekdays=[0, 1, 2, 3],
    internship_weeks=12,
    internship_teaching_weekday=4,
    venue="Kulturhuset",
)


def jom_cohort(
    team: JomTeam, name: str = "Hold forår", starts_on: datetime.date | None = None
) -> Cohort:
    return Cohort.objects.create(
        unit=team.unit,
        programme_code="jom",
        name=name,
        starts_on=starts_on or datetime.date(2027, 1, 4),
    )


def provider_contract(team: JomTeam) -> contract.ProviderContract:
    return contract.save_provider_contract(
        actor=team.project_leader,
        unit=team.unit,
        values=contract.ContractValues(
            provider=team.provider,
            valid_from=TODAY - datetime.timedelta(days=30),
            contact_person=team.project_leader,
            reporting_duty="Fremmøde og udviklingsnotater hver uge.",
            tasks={"teaching": (Decimal("120"), ""), "admission": (Decimal("10.5"), "")},
        ),
    )


def target_group(team: JomTeam) -> admission.TargetGroup:
    return admission.save_target_group(
        actor=team.project_leader,
        unit=team.unit,
        values=admission.TargetGroupValues(
            name="Unge med angst, depression eller ADHD",
            age_min=18,
            age_max=30,
            diagnosis_groups=["adhd", "anxiety", "depression"],
        ),
    )


def course_of(
    team: JomTeam, *, model: int = 2, with_records: bool = True, **shape: object
) -> Course:
    values = course_services.CourseValues(
        **(SHAPE.__dict__ | {"organisation_model": model} | shape)  # type: ignore[arg-type]
    )
    if with_records:
        values = course_services.CourseValues(
            **(
                values.__dict__
                | {"provider_contract": provider_contract(team), "target_group": target_group(team)}
            )
        )
    return course_services.save_course(
        actor=team.project_leader, cohort=jom_cohort(team), values=values
    )
