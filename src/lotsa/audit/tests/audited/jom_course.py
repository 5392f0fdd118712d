"""The rows of a JOM course: its organisation model, provider contract and weekly reports, target group, admission and timetable."""

from __future__ import annotations

import datetime

from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, one, refused
from lotsa.cohorts.models import CohortMember
from lotsa.errors import Forbidden
from lotsa.jom.models import Module, SessionPlan
from lotsa.jom.services import admission, contract
from lotsa.jom.services import course as course_services
from lotsa.jom.tests.helpers import SHAPE, course_of, jom_cohort
from lotsa.testing.personas import JomTeam

LAST_MONDAY = TODAY - datetime.timedelta(days=TODAY.weekday() + 7)
FITS = admission.AssessmentValues(
    interview_held_on=TODAY,
    diagnosis_group="adhd",
    treatment_status="in_treatment",
    substance_use="none",
    cognitive_barriers="none",
    open_to_group_work=True,
)


def _leader(team: JomTeam, **kwargs: object) -> Call:
    return Call({"actor": team.project_leader, **kwargs})


def _plan(w: World) -> Call:
    course = course_of(w.jom)
    course_services.generate_timetable(actor=w.jom.project_leader, course=course)
    plan = SessionPlan.objects.filter(session__cohort=course.cohort).first()
    values = course_services.SessionValues(
        day=datetime.date(2027, 2, 1),
        starts_at=datetime.time(10, 0),
        duration_minutes=180,
        module=Module.COPING,
        profession="psychologist",
        teacher=w.jom.teacher,
    )
    return Call({"actor": w.jom.teacher, "plan": plan, "values": values})


def _report(w: World) -> Call:
    course = course_of(w.jom)
    member = CohortMember.objects.create(
        cohort=course.cohort, enrolment=w.jom.enrolment, joined_on=LAST_MONDAY
    )
    return Call(
        {
            "actor": w.jom.teacher,
            "course": course,
            "week_starting": LAST_MONDAY,
            "notes": {member.enrolment_id: "Tager ordet i smågrupperne."},
        }
    )


def _assessed(w: World) -> admission.AdmissionAssessment:
    return admission.assess_admission(
        actor=w.jom.teacher, course=course_of(w.jom), enrolment=w.jom.enrolment, values=FITS
    )


JOM_COURSE_WRITES: list[Case] = [
    one(
        course_services.save_course,
        E.COURSE_SAVED,
        lambda w: _leader(w.jom, cohort=jom_cohort(w.jom), values=SHAPE),
    ),
    one(
        course_services.generate_timetable,
        E.TIMETABLE_GENERATED,
        lambda w: _leader(w.jom, course=course_of(w.jom, with_records=False)),
    ),
    one(course_services.save_session_plan, E.SESSION_PLAN_SAVED, _plan),
    refused(
        course_services.require_manager,
        E.ACCESS_DENIED,
        lambda w: Call({"actor": w.jom.caseworker, "unit_id": w.jom.unit.pk}),
        Forbidden,
        "a coach sets up a course",
    ),
    one(
        contract.save_provider_contract,
        E.PROVIDER_CONTRACT_SAVED,
        lambda w: _leader(
            w.jom,
            unit=w.jom.unit,
            values=contract.ContractValues(
                provider=w.jom.provider, valid_from=TODAY, contact_person=w.jom.project_leader
            ),
        ),
    ),
    one(contract.send_provider_report, E.PROVIDER_REPORT_SENT, _report),
    refused(
        contract.require_provider,
        E.ACCESS_DENIED,
        lambda w: Call({"actor": w.jom.caseworker, "course": course_of(w.jom)}),
        Forbidden,
        "the jobcentre writes the provider's report",
    ),
    one(
        admission.save_target_group,
        E.TARGET_GROUP_SAVED,
        lambda w: _leader(
            w.jom,
            unit=w.jom.unit,
            values=admission.TargetGroupValues(
                name="Unge 18-30", age_min=18, age_max=30, diagnosis_groups=["adhd"]
            ),
        ),
    ),
    one(
        admission.assess_admission,
        E.ADMISSION_ASSESSED,
        lambda w: Call(
            {
                "actor": w.jom.teacher,
                "course": course_of(w.jom),
                "enrolment": w.jom.enrolment,
                "values": FITS,
            },
            w.jom.enrolment.participant_id,
        ),
    ),
    one(
        admission.decide_admission,
        E.ADMISSION_DECIDED,
        lambda w: Call(
            {
                "actor": w.jom.teacher,
                "assessment": _assessed(w),
                "decision": "admitted",
                "decided_on": TODAY,
            },
            w.jom.enrolment.participant_id,
        ),
    ),
]
JOM_COURSE_READS: list[Case] = []
