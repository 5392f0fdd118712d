"""A JOM participant in a model 2 course of the Danish test unit, and a company with a contact
person, for the internship records."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from lotsa.cohorts.models import CohortMember
from lotsa.employment.models import ContactPerson, Employer, Sector
from lotsa.jom.models import Course, InternshipAgreement
from lotsa.jom.services import internship as services
from lotsa.pathways.models import Enrolment
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import CourseFactory
from lotsa.testing.personas import JomTeam

WARNING_SIGNS = "Stops answering the phone and sleeps badly"
SUPPORT_NEEDS = "A quiet place for breaks and a fixed contact person"


@dataclass
class InternshipCase:
    team: JomTeam
    course: Course
    enrolment: Enrolment
    employer: Employer
    contact: ContactPerson

    def agreement(self, **overrides: object) -> InternshipAgreement:
        values: dict[str, object] = {
            "text": services.AgreementText(
                purpose="Try out work in a warehouse",
                support_needs=SUPPORT_NEEDS,
                warning_signs=WARNING_SIGNS,
            ),
            "shared_sections": ["support_needs"],
            "consent_given_on": TODAY,
            "employer": self.employer,
        }
        return services.save_agreement(
            actor=self.team.company_consultant, enrolment=self.enrolment, **(values | overrides)
        )


def danish_employer(name: str = "Lager Testrup ApS", number: str = "DK10000001") -> Employer:
    return Employer.objects.create(
        name=name, country="DK", organisation_number=number, sector=Sector.PRIVATE
    )


@pytest.fixture
def internship_case(jom_team: JomTeam) -> InternshipCase:
    course = CourseFactory.create(cohort__unit=jom_team.unit, organisation_model=2)
    CohortMember.objects.create(cohort=course.cohort, enrolment=jom_team.enrolment, joined_on=TODAY)
    employer = danish_employer()
    contact = ContactPerson.objects.create(employer=employer, name="Mette Lagerchef")
    return InternshipCase(jom_team, course, jom_team.enrolment, employer, contact)
