"""The demo's JOM course at Jobcenter Sundby: the provider's teacher works in the jobcentre's
own JOM unit, employed by the provider, and the unit's staff have their functions, given as they
joined (``posts``). The unit has a target group and a contract with the provider, and its second
cohort runs as a course under organisation model 2 with its timetable planned; three people
referred to it had their admission interviews, two of them admitted. The cohort after it is not
yet a course.

Built last, so the random draws of the rest of the demo stay as they were."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from lotsa.accounts.models import User
from lotsa.cohorts.services import add_member, create_cohort
from lotsa.core.choices import Country
from lotsa.jom.models import AdmissionDecision, Course
from lotsa.jom.services import admission, contract
from lotsa.jom.services import course as course_services
from lotsa.jom.timetable import course_timetable
from lotsa.organisations.models import Membership, Organisation, Role, StaffFunction, Unit
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.lifecycle import register_participant
from lotsa.people.models import ConsentKind
from lotsa.people.services import record_consent
from lotsa.tools.demo import posts

if TYPE_CHECKING:
    from lotsa.tools.demo.builder import DemoBuilder

JOM_UNIT = "JOM-hold Sundby"
PROVIDER = "Psykologhuset Vest ApS"
DAY = datetime.timedelta(days=1)
REFERRED = 3


class JomCourse:
    def __init__(self, builder: DemoBuilder) -> None:
        self.builder = builder
        self.today = builder.today

    def build(self) -> None:
        unit = Unit.objects.get(name=JOM_UNIT)
        provider = Organisation.objects.get(name=PROVIDER)
        leader, caseworker = self._leader_and_caseworker(unit)
        teacher = self.builder._new_staff("teacher.sundby", Country.DENMARK)
        self.builder._join(teacher, unit, provider, Role.COACH, "0.60", post=posts.TEACHER)
        target_group = admission.save_target_group(
            actor=leader,
            unit=unit,
            values=admission.TargetGroupValues(
                name="Unge 18–30 med angst, depression eller ADHD",
                age_min=18,
                age_max=30,
                diagnosis_groups=["adhd", "anxiety", "depression"],
                description="Sygemeldte unge i psykiatrisk behandling, der vil tilbage til job "
                "eller uddannelse.",
                treatment_definition="Aktuel behandling i psykiatrien eller hos egen læge.",
            ),
        )
        provider_contract = contract.save_provider_contract(
            actor=leader,
            unit=unit,
            values=contract.ContractValues(
                provider=provider,
                valid_from=self.today - 200 * DAY,
                contact_person=leader,
                reporting_duty="Ugentlig rapport med fremmøde og udviklingsnotat for hver borger.",
                weekly_phone_meeting=True,
                tasks={
                    "teaching": (Decimal("160"), ""),
                    "admission": (Decimal("20"), ""),
                    "development_notes": (Decimal("24"), ""),
                },
            ),
        )
        monday = self.today - self.today.weekday() * DAY + 14 * DAY
        cohort = create_cohort(
            actor=leader, unit=unit, programme_code="jom", name="Hold 2", starts_on=monday
        )
        course = course_services.save_course(
            actor=leader,
            cohort=cohort,
            values=course_services.CourseValues(
                organisation_model=2,
                preparation_weeks=2,
                teaching_weeks=4,
                teaching_weekdays=[0, 1, 2, 3],
                internship_weeks=12,
                internship_teaching_weekday=4,
                venue="Sundby Kulturhus, lokale 2",
                venue_note="Lyst lokale væk fra jobcentret; borgerne oplever det som et "
                "uddannelsessted.",
                provider_contract=provider_contract,
                target_group=target_group,
            ),
        )
        course_services.generate_timetable(actor=leader, course=course)
        # The cohort after it is planned, and not yet set up as a course.
        create_cohort(
            actor=leader,
            unit=unit,
            programme_code="jom",
            name="Hold 3",
            starts_on=monday + course_timetable(course).total_weeks * 7 * DAY,
        )
        self._admissions(course, teacher, self._referred(unit, caseworker))

    @staticmethod
    def _leader_and_caseworker(unit: Unit) -> tuple[User, User]:
        """The team leader, who is the project leader, and the first caseworker."""
        memberships = Membership.objects.filter(unit=unit).select_related("user").order_by("pk")
        leader = next(m for m in memberships if m.function == StaffFunction.PROJECT_LEADER)
        caseworker = next(m for m in memberships if m.function == StaffFunction.CASEWORKER)
        return leader.user, caseworker.user

    def _referred(self, unit: Unit, caseworker: User) -> list[Enrolment]:
        """Three people the jobcentre refers to the course, with their consent to take part."""
        referred = []
        for index in range(REFERRED):
            referral_date = self.today - (10 + index) * DAY
            participant = register_participant(
                actor=caseworker,
                details=self.builder.details(Country.DENMARK, anonymous=False),
                unit=unit,
                programme_model="jom",
                referral_date=referral_date,
                referral_source="jobcentre",
            )
            record_consent(
                actor=caseworker,
                participant=participant,
                kind=ConsentKind.PARTICIPATION,
                given_on=referral_date,
            )
            referred.append(participant.enrolments.get())
        return referred

    def _admissions(self, course: Course, teacher: User, referred: list[Enrolment]) -> None:
        """The provider's admission interviews: two admitted who join the course, one waiting
        for a second conversation."""
        for index, enrolment in enumerate(referred):
            admitted = index < len(referred) - 1
            assessment = admission.assess_admission(
                actor=teacher,
                course=course,
                enrolment=enrolment,
                values=admission.AssessmentValues(
                    interview_held_on=self.today - (3 + index) * DAY,
                    diagnosis_group=("anxiety", "adhd", "depression")[index % 3],
                    treatment_status="in_treatment",
                    substance_use="none",
                    cognitive_barriers="none" if admitted else "some",
                    open_to_group_work=admitted,
                    note="Motiveret for holdforløbet; ønsker praktik i detailhandlen."
                    if admitted
                    else "Usikker på holdundervisning; ny samtale om en uge.",
                ),
            )
            if admitted:
                admission.decide_admission(
                    actor=teacher,
                    assessment=assessment,
                    decision=AdmissionDecision.ADMITTED,
                    decided_on=self.today - 2 * DAY,
                )
                add_member(
                    actor=teacher, cohort=course.cohort, enrolment=enrolment, joined_on=self.today
                )
