"""The rows of a JOM participant's internship: the agreement guide and its signatures, the internship, mentor and transport support, aftercare."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lotsa import access
from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, one, refused
from lotsa.cohorts.models import CohortMember
from lotsa.employment.models import ContactPerson, Employer
from lotsa.errors import Forbidden
from lotsa.jom.models import CourseTask, Internship, InternshipAgreement
from lotsa.jom.queries import internship as internship_queries
from lotsa.jom.services import aftercare
from lotsa.jom.services import internship as services
from lotsa.participant_space import services as space
from lotsa.participant_space.signing import content_hash, internship_agreement_content
from lotsa.testing.factories import CourseFactory, ParticipantAccountFactory


def _company() -> Employer:
    return Employer.objects.create(
        name="Lager Testrup ApS", country="DK", organisation_number="DK20000001", sector="private"
    )


def _agreement(w: World) -> InternshipAgreement:
    return services.save_agreement(
        actor=w.jom.company_consultant,
        enrolment=w.jom.enrolment,
        text=services.AgreementText(purpose="A warehouse", support_needs="Short days"),
        shared_sections=["support_needs"],
        consent_given_on=TODAY,
        employer=_company(),
    )


def _on_jom_case(w: World, actor: Any, **kwargs: Any) -> Call:
    return Call({"actor": actor, **kwargs}, w.jom.enrolment.participant_id)


def _internship(w: World) -> Internship:
    return services.save_internship(
        actor=w.jom.company_consultant,
        enrolment=w.jom.enrolment,
        details=_details(w),
    )


def _details(w: World) -> services.InternshipDetails:
    return services.InternshipDetails(
        employer=Employer.objects.first() or _company(),
        company_consultant=w.jom.company_consultant,
        planned_start_on=TODAY - datetime.timedelta(days=14),
        starts_on=TODAY - datetime.timedelta(days=14),
        weekly_hours=Decimal("20"),
        kind="full",
    )


def _sign_as_participant(w: World) -> Call:
    agreement = _agreement(w)
    account = ParticipantAccountFactory(participants=[w.jom.enrolment.participant])
    return Call(
        {
            "actor": account.user,
            "agreement": agreement,
            "shown_hash": content_hash(internship_agreement_content(agreement)),
            "sign_in_method": "passkey",
        },
        w.jom.enrolment.participant_id,
    )


def _company_signature(w: World) -> Call:
    agreement = _agreement(w)
    contact = ContactPerson.objects.create(employer=agreement.employer, name="Mette")
    return _on_jom_case(
        w,
        w.jom.company_consultant,
        agreement=agreement,
        signer="company",
        day=TODAY,
        signatory=contact,
    )


def _meeting(w: World) -> Call:
    course = CourseFactory.create(cohort__unit=w.jom.unit)
    CohortMember.objects.create(cohort=course.cohort, enrolment=w.jom.enrolment, joined_on=TODAY)
    return Call(
        {
            "actor": w.jom.caseworker,
            "cohort": course.cohort,
            "held_on": TODAY,
            "attendees": [w.jom.enrolment],
        },
        # A group's meeting names those present under "participants", as a list does.
        None,
    )


JOM_INTERNSHIP_WRITES: list[Case] = [
    one(
        services.save_agreement,
        E.AGREEMENT_SAVED,
        lambda w: _on_jom_case(
            w,
            w.jom.company_consultant,
            enrolment=w.jom.enrolment,
            text=services.AgreementText(purpose="A warehouse"),
            shared_sections=[],
            consent_given_on=None,
        ),
    ),
    one(services.record_agreement_signature, E.AGREEMENT_SIGNED, _company_signature),
    one(space.sign_internship_agreement, E.PARTICIPANT_SIGNED, _sign_as_participant),
    one(
        services.decide_readiness,
        E.READINESS_DECIDED,
        lambda w: _on_jom_case(
            w,
            w.jom.company_consultant,
            enrolment=w.jom.enrolment,
            decided_on=TODAY,
            decision="full",
        ),
    ),
    one(
        services.save_internship,
        E.INTERNSHIP_SAVED,
        lambda w: _on_jom_case(
            w, w.jom.company_consultant, enrolment=w.jom.enrolment, details=_details(w)
        ),
    ),
    one(
        services.record_internship_follow_up,
        E.INTERNSHIP_FOLLOW_UP_RECORDED,
        lambda w: _on_jom_case(
            w,
            w.jom.company_consultant,
            internship=_internship(w),
            occurred_on=TODAY,
            mode="visit",
            with_company=True,
        ),
    ),
    one(
        services.record_internship_attendance,
        E.INTERNSHIP_ATTENDANCE_RECORDED,
        lambda w: _on_jom_case(
            w, w.jom.company_consultant, internship=_internship(w), day=TODAY, status="present"
        ),
    ),
    one(
        services.save_mentor_support,
        E.MENTOR_SUPPORT_SAVED,
        lambda w: _on_jom_case(
            w,
            w.jom.caseworker,
            enrolment=w.jom.enrolment,
            assessed_on=TODAY,
            need="some",
            support_kinds=["getting_up"],
        ),
    ),
    one(
        services.save_transport_support,
        E.TRANSPORT_SUPPORT_SAVED,
        lambda w: _on_jom_case(
            w,
            w.jom.caseworker,
            enrolment=w.jom.enrolment,
            decided_on=TODAY,
            costs_covered=True,
            pass_kind="none",
        ),
    ),
    one(
        aftercare.set_aftercare_level,
        E.AFTERCARE_LEVEL_SET,
        lambda w: _on_jom_case(
            w,
            w.jom.caseworker,
            enrolment=w.jom.enrolment,
            level=2,
            starts_on=TODAY,
            reason="Weekly call",
        ),
    ),
    one(aftercare.record_aftercare_meeting, E.AFTERCARE_MEETING_RECORDED, _meeting),
    one(
        aftercare.record_education_status,
        E.EDUCATION_STATUS_RECORDED,
        lambda w: _on_jom_case(
            w,
            w.jom.caseworker,
            enrolment=w.jom.enrolment,
            point="course_end",
            state="started",
        ),
    ),
]

JOM_INTERNSHIP_READS: list[Case] = [
    one(
        access.get_agreement_for,
        E.AGREEMENT_VIEWED,
        lambda w: Call(
            {
                "user": w.jom.caseworker,
                "agreement_id": _agreement(w).pk,
                "action": access.Action.VIEW_PARTICIPANT,
            },
            w.jom.enrolment.participant_id,
        ),
    ),
    one(
        internship_queries.show_company_brief,
        E.AGREEMENT_SHOWN_TO_COMPANY,
        lambda w: Call(
            {"actor": w.jom.company_consultant, "agreement": _agreement(w)},
            w.jom.enrolment.participant_id,
        ),
    ),
    refused(
        access.require_case_task,
        E.ACCESS_DENIED,
        lambda w: Call(
            {
                "user": w.jom.teacher,
                "enrolment": w.jom.enrolment,
                "task": CourseTask.INTERNSHIP_AGREEMENTS,
            },
            w.jom.enrolment.participant_id,
        ),
        Forbidden,
        "task of another party",
    ),
]
