"""Internships in the demo: in each JOM unit, the first open cases have an agreement guide
sharing their support needs with the company, signed by all three, an internship with reduced
hours and follow-ups, a mentor and transport; in a JOM cohort, the first participant is in
aftercare at level 2 with education planned, and the group has met once after the course."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from lotsa.accounts.models import User
from lotsa.cohorts.models import AttendanceStatus, Cohort
from lotsa.employment.models import ContactPerson, Employer
from lotsa.jom.models.internship import PassKind
from lotsa.jom.services import aftercare
from lotsa.jom.services import internship as services
from lotsa.organisations.models import Membership, StaffFunction, Unit
from lotsa.pathways.models import OPEN_STATUSES, Enrolment

if TYPE_CHECKING:
    from lotsa.tools.demo.builder import DemoBuilder

DAY = datetime.timedelta(days=1)
# How many participants of each cohort have an internship in the demo.
WITH_INTERNSHIP = 2


class DemoInternships:
    def __init__(self, builder: DemoBuilder) -> None:
        self.today = builder.today

    def build(self) -> None:
        companies = list(Employer.objects.filter(country="DK").order_by("pk")[:WITH_INTERNSHIP])
        # Open cases first; a closed one keeps its internship as it was before the end.
        cases = sorted(
            Enrolment.objects.filter(programme_model="jom")
            .select_related("unit__organisation")
            .order_by("pk"),
            key=lambda enrolment: enrolment.status not in OPEN_STATUSES,
        )
        done: dict[int, list[Enrolment]] = {}
        for enrolment in cases:
            started = done.setdefault(enrolment.unit_id, [])
            consultant = self._jobcentre_coach(enrolment.unit)
            if not companies or consultant is None or len(started) == WITH_INTERNSHIP:
                continue
            self._internship(consultant, enrolment, companies[len(started) % len(companies)])
            started.append(enrolment)
        for cohort in Cohort.objects.filter(programme_code="jom").select_related("unit"):
            first = cohort.members.select_related("enrolment").order_by("pk").first()
            consultant = self._jobcentre_coach(cohort.unit)
            if first is not None and consultant is not None:
                self._aftercare(consultant, cohort, first.enrolment)

    @staticmethod
    def _jobcentre_coach(unit: Unit) -> User | None:
        """The unit's company consultant, whom every organisation model lets make and follow
        up internship agreements (or, without one, the project leader)."""
        membership = (
            Membership.objects.filter(
                unit=unit,
                employer_id=unit.organisation_id,
                function__in=[StaffFunction.COMPANY_CONSULTANT, StaffFunction.PROJECT_LEADER],
            )
            .select_related("user")
            .order_by("-function", "pk")
            .first()
        )
        return membership.user if membership else None

    def _internship(self, actor: User, enrolment: Enrolment, company: Employer) -> None:
        today = min(self.today, enrolment.end_date or self.today)
        contact = company.contact_persons.first() or ContactPerson.objects.create(
            employer=company, name="Mette Holm", title="Afdelingsleder"
        )
        agreement = services.save_agreement(
            actor=actor,
            enrolment=enrolment,
            text=services.AgreementText(
                purpose="Afprøve lagerarbejde og finde en fast rytme.",
                terms="12 timer om ugen, mandag til torsdag kl. 9-12.",
                support_needs="Faste pauser og én fast kontaktperson.",
                warning_signs="Melder afbud i sidste øjeblik og sover dårligt.",
                crisis_support="Ring til mentoren; en rolig snak samme dag.",
                company_may_know="Jeg har brug for ro i pauserne.",
            ),
            shared_sections=["support_needs", "company_may_know"],
            consent_given_on=today - 40 * DAY,
            employer=company,
        )
        for signer, signatory in (
            ("participant_on_paper", None),
            ("company", contact),
            ("jobcentre", None),
        ):
            services.record_agreement_signature(
                actor=actor,
                agreement=agreement,
                signer=signer,
                day=today - 35 * DAY,
                signatory=signatory,
            )
        services.decide_readiness(
            actor=actor,
            enrolment=enrolment,
            decided_on=today - 30 * DAY,
            decision="reduced",
            reason="Starter med korte dage.",
        )
        started = today - 28 * DAY
        internship = services.save_internship(
            actor=actor,
            enrolment=enrolment,
            details=services.InternshipDetails(
                employer=company,
                company_consultant=actor,
                planned_start_on=started,
                starts_on=started,
                weekly_hours=Decimal("12"),
                kind="reduced",
                contact_person=contact,
                agreement=agreement,
                teaching_day_released=True,
            ),
        )
        services.record_internship_follow_up(
            actor=actor,
            internship=internship,
            occurred_on=today - 14 * DAY,
            mode="visit",
            with_company=True,
            note="God start; trænger til pauser om eftermiddagen.",
        )
        for days_ago, status in (
            (3, AttendanceStatus.PRESENT),
            (2, AttendanceStatus.ABSENT_WITHOUT_NOTICE),
        ):
            services.record_internship_attendance(
                actor=actor,
                internship=internship,
                day=today - days_ago * DAY,
                status=status,
                hours=Decimal("3") if status == AttendanceStatus.PRESENT else None,
            )
        services.save_mentor_support(
            actor=actor,
            enrolment=enrolment,
            assessed_on=today - 30 * DAY,
            need="some",
            support_kinds=["getting_up", "internship_start"],
            mentor_name="Lone Mentor",
            provider_type="jobcentre",
            hours_per_week=Decimal("2"),
            from_on=started,
        )
        services.save_transport_support(
            actor=actor,
            enrolment=enrolment,
            decided_on=today - 30 * DAY,
            costs_covered=True,
            pass_kind=PassKind.MONTHLY_PASS,
            pass_from=started,
            travel_training=True,
        )

    def _aftercare(self, actor: User, cohort: Cohort, enrolment: Enrolment) -> None:
        today = self.today
        aftercare.set_aftercare_level(
            actor=actor,
            enrolment=enrolment,
            level=2,
            starts_on=today - 7 * DAY,
            reason="Ugentlig opfølgning de første måneder.",
        )
        aftercare.record_education_status(
            actor=actor,
            enrolment=enrolment,
            point="course_end",
            state="planned",
            education="Social- og sundhedshjælper",
            planned_start_on=today + 60 * DAY,
        )
        aftercare.record_aftercare_meeting(
            actor=actor,
            cohort=cohort,
            held_on=today - 2 * DAY,
            attendees=[enrolment],
            note="Erfaringer fra praktikken.",
        )
