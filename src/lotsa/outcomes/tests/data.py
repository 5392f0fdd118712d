"""Small hand-built datasets whose every figure is known, for the outcome report tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lotsa.employment.models import Employer, EmployerContact, Job, VocationalProfile
from lotsa.employment.services import refresh_first_employer_contact
from lotsa.organisations.models import Role
from lotsa.pathways.models import EnrolmentStatus, UnitProgramme
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    ParticipantFactory,
    UnitFactory,
)

D = datetime.date
Q3_2026 = {"quarter": "2026Q3"}


def employer(seed: int = 1) -> Employer:
    serial = Employer.objects.count() + 1
    return Employer.objects.create(
        name=f"Employer {seed}-{serial}",
        country="SE",
        organisation_number=f"556{serial:07d}",
        sector="private",
    )


def job(enrolment: Any, starts_on: datetime.date, *, counted: bool = True, **fields: Any) -> Job:
    values = {
        "employer": fields.pop("employer", None) or employer(),
        "title": "Lagerarbetare",
        "occupation_code": "9331",
        "hours_per_week": Decimal("20"),
        "currency": "SEK",
        "form": "open_market",
        "four_paid_hours_on": starts_on + datetime.timedelta(days=1) if counted else None,
    }
    return Job.objects.create(enrolment=enrolment, starts_on=starts_on, **(values | fields))


def employer_contact(
    enrolment_: Any, staff: Any, day: datetime.date, *, face_to_face: bool
) -> EmployerContact:
    contact = EmployerContact.objects.create(
        employer=employer(),
        staff=staff,
        unit=enrolment_.unit,
        occurred_on=day,
        face_to_face=face_to_face,
        purpose="first_meeting",
    )
    contact.enrolments.add(enrolment_)
    refresh_first_employer_contact([enrolment_])
    return contact


def enrolment(unit: Any, *, sex: str, born: int, referred: datetime.date, **fields: Any) -> Any:
    participant = ParticipantFactory(sex=sex, birth_year=born)
    values = {
        "referral_date": referred,
        "start_date": None,
        "status": EnrolmentStatus.REFERRED,
        "phase": "referral",
        "phase_since": referred,
        "baseline_employment_status": "out_of_work",
        "referral_source": "treatment_team",
    }
    return EnrolmentFactory(unit=unit, participant=participant, **(values | fields))


def started(unit: Any, *, start: datetime.date, **fields: Any) -> Any:
    return enrolment(
        unit,
        **({"start_date": start, "status": EnrolmentStatus.ACTIVE, "phase": "job_search"} | fields),
    )


@dataclass
class IpsQuarter:
    unit: Any
    coach: Any
    e1: Any
    e2: Any
    e3: Any
    e4: Any
    e5: Any
    e6: Any
    e7: Any


def ips_quarter(organisation: Any | None = None, name: str = "IPS Kvartal") -> IpsQuarter:
    """Seven IPS enrolments around the third quarter of 2026 (1 July – 30 September).

    e1  out of work; two competitive jobs, one starting on the quarter's last day; profile, contact
    e2  referred in the quarter, already in work; a competitive job
    e3  out of work; a job start with fewer than four paid hours worked (not counted)
    e4  ended in the quarter, no job
    e5  referred in the quarter, not started
    e6  referred on the quarter's last day, starts the next day
    e7  a competitive job that started in the quarter before and goes on
    """
    unit = UnitFactory(name=name, **({"organisation": organisation} if organisation else {}))
    coach = MembershipFactory(unit=unit, role=Role.COACH, fte=Decimal("1.00")).user
    MembershipFactory(unit=unit, role=Role.COACH, fte=Decimal("0.50"))
    e1 = started(unit, sex="female", born=1990, referred=D(2026, 5, 1), start=D(2026, 5, 10))
    job(e1, D(2026, 8, 1))
    job(e1, D(2026, 9, 30))
    VocationalProfile.objects.create(
        enrolment=e1, version=1, written_on=D(2026, 7, 5), created_by=coach
    )
    employer_contact(e1, coach, D(2026, 7, 9), face_to_face=True)
    e2 = started(
        unit,
        sex="male",
        born=1980,
        referred=D(2026, 7, 15),
        start=D(2026, 7, 20),
        baseline_employment_status="in_work",
        referral_source="af",
    )
    job(e2, D(2026, 8, 10))
    employer_contact(e2, coach, D(2026, 7, 30), face_to_face=False)
    e3 = started(unit, sex="female", born=2000, referred=D(2026, 6, 1), start=D(2026, 6, 5))
    job(e3, D(2026, 8, 5), counted=False)
    employer_contact(e3, coach, D(2026, 6, 20), face_to_face=True)
    e4 = enrolment(
        unit,
        sex="male",
        born=1970,
        referred=D(2026, 1, 10),
        start_date=D(2026, 1, 15),
        end_date=D(2026, 7, 31),
        status=EnrolmentStatus.EXITED,
        phase="closed",
        exit_reason="no_longer_wants_support",
        outcome="other",
    )
    e5 = enrolment(unit, sex="unknown", born=1995, referred=D(2026, 9, 20))
    e6 = started(unit, sex="female", born=1988, referred=D(2026, 9, 30), start=D(2026, 10, 1))
    e7 = started(unit, sex="male", born=1985, referred=D(2026, 3, 1), start=D(2026, 3, 5))
    job(e7, D(2026, 6, 30))
    return IpsQuarter(unit, coach, e1, e2, e3, e4, e5, e6, e7)


# Table 1 of the Marselisborg JOM evaluation: per jobcentre, admitted / started / completed and
# the completers' status after the course (job, education, internship extended, other).
JOM_TABLE_1 = {
    "Greve": (18, 16, 13, {"job": 0, "education": 2, "continued_internship": 8, "other": 3}),
    "Køge": (16, 16, 15, {"job": 0, "education": 4, "continued_internship": 1, "other": 10}),
    "Halsnæs": (10, 9, 9, {"job": 0, "education": 0, "continued_internship": 8, "other": 1}),
}
OTHER_REASONS = ("upskilling_course", "no_further_plans", "clarification")


def jom_project() -> tuple[Any, list[Any]]:
    """The three jobcentres' courses entered as the project ran them in 2013."""
    from lotsa.organisations.models import Organisation
    from lotsa.pathways.models import Milestone
    from lotsa.testing.factories import OrganisationFactory

    region = OrganisationFactory(
        name="Beskæftigelsesregion", country="DK", kind=Organisation.Kind.JOBCENTRE
    )
    units = []
    for name, (admitted, began, completed, statuses) in JOM_TABLE_1.items():
        unit = UnitFactory(organisation=region, name=f"Jobcenter {name}")
        UnitProgramme.objects.get_or_create(unit=unit, programme_code="jom")
        units.append(unit)
        reasons = [
            reason if reason != "other" else OTHER_REASONS[i % 3]
            for reason, count in statuses.items()
            for i in range(count)
        ]
        reasons += ["dropout" if i % 2 else "re_referred" for i in range(began - completed)]
        for i in range(admitted):
            started_course = i < began
            reason = reasons[i] if started_course else "other"
            enrolment_ = enrolment(
                unit,
                sex="female" if i % 2 else "male",
                born=1980 + i,
                referred=D(2013, 2, 1),
                start_date=D(2013, 2, 15),
                status=EnrolmentStatus.EXITED,
                phase="closed",
                end_date=D(2013, 9, 30) if started_course else D(2013, 3, 20),
                exit_reason=reason,
                referral_source="jobcentre",
                programme_model="jom",
            )
            Milestone.objects.create(
                enrolment=enrolment_, code="admitted", occurred_on=D(2013, 3, 1)
            )
            if started_course:
                Milestone.objects.create(
                    enrolment=enrolment_, code="teaching_start", occurred_on=D(2013, 4, 1)
                )
    return region, units
