"""The rows of the services of people and their cases."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lotsa.audit.tests.audited.rows import (
    DAYS,
    FINAL_TEXT,
    LAST_MONTH,
    TODAY,
    Call,
    Case,
    E,
    World,
    described,
    final_document,
    meeting_call,
    on_case,
    on_document,
    one,
    recorded_meeting,
    referral_values,
    refused,
    sent_referral,
    several,
    when_and_where,
)
from lotsa.casework import services as casework
from lotsa.cohorts import services as cohorts
from lotsa.documents import services as documents
from lotsa.errors import Forbidden
from lotsa.organisations.models import Organisation, Role
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.pathways.services import enrolment_records, lifecycle, responsibility, unit_programmes
from lotsa.people import services as people
from lotsa.people.models import Consent
from lotsa.referrals import services as referrals
from lotsa.retention import services as retention
from lotsa.testing.factories import (
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
)
from lotsa.timereports import services as timereports
from lotsa.timereports.services import WeekHours, report_weeks


def _known_person(w: World) -> Call:
    own = w.personas.own
    return Call(
        {
            "actor": w.personas.coach_a,
            "details": people.details_of(own),
            "unit": w.personas.unit_a,
            "programme_model": "ips",
            "referral_date": TODAY,
        },
        own.pk,
    )


def _participant_change(w: World) -> Call:
    own = w.personas.own
    details = replace(people.details_of(own), first_name="Ändrad")
    return Call({"actor": w.personas.coach_a, "participant": own, "details": details}, own.pk)


def _participant_found(w: World) -> Call:
    own = w.personas.own
    return Call({"actor": w.personas.coach_a, "details": people.details_of(own)}, own.pk)


def _consent(w: World) -> Call:
    own = w.personas.own
    return Call(
        {"actor": w.personas.coach_a, "participant": own, "kind": "survey", "given_on": TODAY},
        own.pk,
    )


def _consent_withdrawal(w: World) -> Call:
    consent = people.record_consent(**_consent(w).kwargs)
    return Call(
        {
            "actor": w.personas.coach_a,
            "consent": consent,
            "withdrawn_on": TODAY,
            "reason": "Vill inte längre.",
        },
        consent.participant_id,
    )


def _new_referral(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.coach_a,
            "participant": w.personas.unenrolled,
            "unit": w.personas.unit_a,
            "programme_model": "ips",
            "referral_date": TODAY,
        },
        w.personas.unenrolled.pk,
    )


def _second_model(w: World) -> Call:
    UnitProgramme.objects.get_or_create(unit=w.personas.unit_a, programme_code="jom")
    return Call(
        {
            "actor": w.personas.coach_a,
            "participant": w.personas.own,
            "unit": w.personas.unit_a,
            "programme_model": "jom",
            "referral_date": TODAY,
        },
        w.personas.own.pk,
    )


def _decline(w: World) -> Call:
    enrolment = w.case("ips", referred_on=TODAY - DAYS(3))
    return on_case(enrolment, w.personas.coach_a, day=TODAY, reason="moved")


def _paused(w: World) -> Enrolment:
    enrolment = w.started()
    return lifecycle.pause_enrolment(
        actor=w.personas.coach_a, enrolment=enrolment, day=TODAY - DAYS(10)
    )


def _follow_up(w: World) -> Call:
    enrolment = w.exited("jom", ended=TODAY - DAYS(200))
    return on_case(
        enrolment,
        w.personas.coach_a,
        code="six_months_after_end",
        status="job",
        day=TODAY,
    )


def _plan(w: World) -> Call:
    return on_case(w.own, w.personas.coach_a, plan=casework.PlanInput("Arbete i handeln"))


def _plan_sign_off(w: World) -> Call:
    revision = casework.revise_plan(**_plan(w).kwargs)
    return Call(
        {"actor": w.personas.coach_a, "revision": revision, "day": TODAY},
        w.personas.own.pk,
    )


def _cohort(w: World) -> Any:
    return cohorts.create_cohort(**_cohort_call(w).kwargs)


def _cohort_call(w: World) -> Call:
    UnitProgramme.objects.get_or_create(unit=w.personas.unit_a, programme_code="jom")
    return Call(
        {
            "actor": w.personas.coach_a,
            "unit": w.personas.unit_a,
            "programme_code": "jom",
            "name": "Hold 1",
            "starts_on": TODAY - DAYS(30),
        }
    )


def _member(w: World, cohort: Any) -> Any:
    enrolment = w.started("jom")
    return cohorts.add_member(
        actor=w.personas.coach_a, cohort=cohort, enrolment=enrolment, joined_on=TODAY - DAYS(20)
    )


def _new_member(w: World) -> Call:
    cohort = _cohort(w)
    enrolment = w.started("jom")
    return on_case(enrolment, w.personas.coach_a, cohort=cohort, joined_on=TODAY - DAYS(20))


def _member_leaving(w: World) -> Call:
    member = _member(w, _cohort(w))
    return Call(
        {"actor": w.personas.coach_a, "member": member, "left_on": TODAY},
        member.enrolment.participant_id,
    )


def _session(w: World, cohort: Any = None) -> Call:
    return Call(
        {
            "actor": w.personas.coach_a,
            "cohort": cohort or _cohort(w),
            "starts_at": timezone.now() - DAYS(2),
            "duration_minutes": 120,
        }
    )


def _attendance(w: World) -> Call:
    cohort = _cohort(w)
    members = [_member(w, cohort) for _ in range(2)]
    session = cohorts.schedule_session(**_session(w, cohort).kwargs)
    return Call(
        {
            "actor": w.personas.coach_a,
            "session": session,
            "statuses": {m.enrolment_id: "present" for m in members},
        },
        tuple(m.enrolment.participant_id for m in members),
    )


def _dispatch(w: World) -> Call:
    document = final_document(w, signed=True)
    region = OrganisationFactory(name="Region Testland", kind=Organisation.Kind.REGION)
    Consent.objects.create(
        participant=w.personas.joint, kind="information_sharing", given_to=w.personas.fk,
        organisation=region, sharing_scope="full", given_on=TODAY,
        recorded_by=w.personas.fk_caseworker,
    )  # fmt: skip
    return on_document(w, document, recipient_organisation=region, recipient="Läkaren", day=TODAY)


def _accepted_participant(enrolment: Enrolment) -> int:
    return enrolment.participant_id


def _receiving(w: World) -> Call:
    return Call({"actor": w.personas.fk_caseworker, "referral": sent_referral(w), "day": TODAY})


def _withdrawal(w: World) -> Call:
    referral = sent_referral(w)
    return Call({"actor": referral.referred_by, "referral": referral, "day": TODAY})


def _handover(w: World) -> Call:
    enrolment = w.joint
    lifecycle.exit_enrolment(
        actor=w.personas.fk_caseworker, enrolment=enrolment, day=TODAY, reason="work"
    )
    return on_case(
        enrolment,
        w.personas.fk_caseworker,
        to_organisation=w.personas.af,
        to_caseworker="Ordinarie handläggare",
        day=TODAY,
        summary="Slutdokumentationen.",
    )


def _time_report(w: World) -> Call:
    weeks = [WeekHours(Decimal(4), Decimal(3)) for _ in report_weeks(LAST_MONTH)]
    return on_case(w.joint, w.personas.fk_caseworker, month=LAST_MONTH, weeks=weeks)


def _time_report_signature(w: World) -> Call:
    report = timereports.save_time_report(**_time_report(w).kwargs)
    return Call(
        {"actor": w.personas.fk_caseworker, "report": report, "day": TODAY},
        w.personas.joint.pk,
    )


def _staff_time_report(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.af_caseworker,
            "unit": w.personas.joint_team,
            "month": LAST_MONTH,
            "hours": Decimal("120"),
        }
    )


def _cosignature(w: World) -> Call:
    report = timereports.submit_staff_time_report(**_staff_time_report(w).kwargs)
    office = UnitFactory(organisation=w.personas.af, name="Arbetsförmedlingen Testby", runs=[])
    manager = UserFactory(username="af_manager")
    MembershipFactory(user=manager, unit=office, role=Role.MANAGER, employer=w.personas.af)
    return Call({"actor": manager, "report": report, "day": TODAY})


# The retention run, past the default five years a closed case is kept.
PAST_RETENTION = TODAY.replace(year=TODAY.year + 6)


def _named_by_the_run(run: Any) -> tuple[int | None, ...]:
    return (
        *(case.participant_id for case in run.cases),
        *(referral.participant_id for referral in run.referrals),
        *(participant.pk for participant in run.participants),
        None,
    )


def _retention_run(w: World, *, dry_run: bool = False) -> Call:
    w.exited("ips")
    # A dry run names nobody: its one entry counts what would go.
    return Call(
        {"today": PAST_RETENTION, "dry_run": dry_run}, None if dry_run else _named_by_the_run
    )


def _retention_of_a_declined_referral(w: World) -> Call:
    referrals.decline_referral(**_receiving(w).kwargs, reason="not_reached")
    return Call({"today": PAST_RETENTION, "dry_run": False}, _named_by_the_run)


CASE_WRITES: list[Case] = [
    # people
    several(
        lifecycle.register_participant,
        (E.PARTICIPANT_CREATED, E.ENROLMENT_CREATED),
        lambda w: Call(
            {
                "actor": w.personas.coach_a,
                "details": described(),
                "unit": w.personas.unit_a,
                "programme_model": "ips",
                "referral_date": TODAY,
            },
            lambda participant: participant.pk,
        ),
        "the person and their referral are two records, each with its entry",
    ),
    refused(
        lifecycle.register_participant,
        E.PARTICIPANT_DUPLICATE_REFUSED,
        _known_person,
        people.DuplicateParticipant,
        "known person",
    ),
    one(people.update_participant, E.PARTICIPANT_UPDATED, _participant_change),
    one(people.participant_described, E.PARTICIPANT_LINKED, _participant_found, "known"),
    one(
        people.participant_described,
        E.PARTICIPANT_CREATED,
        lambda w: Call(
            {"actor": w.personas.coach_a, "details": described()},
            lambda participant: participant.pk,
        ),
        "new",
    ),
    one(people.record_consent, E.CONSENT_CREATED, _consent),
    one(people.withdraw_consent, E.CONSENT_WITHDRAWN, _consent_withdrawal),
    # pathways
    one(lifecycle.create_enrolment, E.ENROLMENT_CREATED, _new_referral),
    one(lifecycle.enrol_participant, E.ENROLMENT_CREATED, _second_model),
    one(
        lifecycle.re_enrol,
        E.ENROLMENT_CREATED,
        lambda w: on_case(w.exited(ended=TODAY - DAYS(5)), w.personas.coach_a, referral_date=TODAY),
    ),
    one(lifecycle.decline_referral, E.ENROLMENT_UPDATED, _decline),
    one(
        lifecycle.start_enrolment,
        E.ENROLMENT_UPDATED,
        lambda w: on_case(
            w.case("ips", referred_on=TODAY - DAYS(3)), w.personas.coach_a, day=TODAY
        ),
    ),
    one(
        lifecycle.transition_phase,
        E.ENROLMENT_UPDATED,
        lambda w: on_case(w.started(), w.personas.coach_a, to_phase="engagement", day=TODAY),
    ),
    one(
        lifecycle.pause_enrolment,
        E.ENROLMENT_UPDATED,
        lambda w: on_case(w.started(), w.personas.coach_a, day=TODAY),
    ),
    one(
        lifecycle.resume_enrolment,
        E.ENROLMENT_UPDATED,
        lambda w: on_case(_paused(w), w.personas.coach_a, day=TODAY),
    ),
    one(
        lifecycle.exit_enrolment,
        E.ENROLMENT_UPDATED,
        lambda w: on_case(w.started(), w.personas.coach_a, day=TODAY, reason="education"),
    ),
    one(
        enrolment_records.record_baseline,
        E.ENROLMENT_UPDATED,
        lambda w: on_case(
            w.started(),
            w.personas.coach_a,
            income_sources=[],
            employment_status="",
            education_level="",
        ),
    ),
    one(
        enrolment_records.record_milestone,
        E.MILESTONE_RECORDED,
        lambda w: on_case(w.started(), w.personas.coach_a, code="plan_agreed", day=TODAY),
    ),
    one(enrolment_records.record_follow_up, E.FOLLOW_UP_RECORDED, _follow_up),
    one(
        responsibility.hand_over,
        E.ENROLMENT_UPDATED,
        lambda w: on_case(w.own, w.personas.coach_a, to_staff=w.personas.colleague_a, day=TODAY),
    ),
    one(
        unit_programmes.save_unit_programme,
        E.UNIT_PROGRAMME_SAVED,
        lambda w: Call(
            {
                "actor": w.personas.administrator,
                "unit": w.personas.unit_a,
                "programme_code": "ips",
                "deadline_days": {},
                "places": 40,
            }
        ),
    ),
    one(
        enrolment_records.tick_checklist_item,
        E.MILESTONE_RECORDED,
        lambda w: on_case(w.own, w.personas.coach_a, item_code="ips_information", day=TODAY),
    ),
    one(
        enrolment_records.record_benefit_facts,
        E.BENEFIT_FACTS_SAVED,
        lambda w: on_case(
            w.joint,
            w.personas.fk_caseworker,
            benefit_type="sickness_benefit",
            extent="0.50",
            ends_on=TODAY + DAYS(90),
        ),
    ),
    # casework
    one(
        casework.record_contact,
        E.CONTACT_CREATED,
        lambda w: on_case(w.own, w.personas.coach_a, parties=["participant"], **when_and_where()),
    ),
    several(
        casework.record_contacts,
        (E.CONTACT_CREATED, E.CONTACT_CREATED),
        lambda w: on_case(
            w.own,
            w.personas.coach_a,
            contacts=[
                casework.ContactInput(parties=["participant"], **when_and_where()),
                casework.ContactInput(parties=["employer"], **when_and_where()),
            ],
        ),
        "one entry for each contact recorded",
    ),
    one(casework.record_meeting, E.MEETING_RECORDED, meeting_call),
    one(
        casework.write_reflection,
        E.REFLECTION_WRITTEN,
        lambda w: Call(
            {
                "actor": w.personas.fk_caseworker,
                "meeting": recorded_meeting(w),
                "text": "Bra möte.",
            },
            w.personas.joint.pk,
        ),
    ),
    one(casework.revise_plan, E.PLAN_REVISED, _plan),
    one(casework.record_plan_sign_off, E.PLAN_SIGNED, _plan_sign_off),
    # cohorts
    one(
        cohorts.create_cohort,
        E.COHORT_SAVED,
        _cohort_call,
    ),
    refused(
        cohorts.require_unit,
        E.ACCESS_DENIED,
        lambda w: Call({"actor": w.personas.coach_b, "unit_id": w.personas.unit_a.pk}),
        Forbidden,
        "another unit",
    ),
    one(cohorts.add_member, E.COHORT_MEMBER_ADDED, _new_member),
    one(cohorts.remove_member, E.COHORT_MEMBER_LEFT, _member_leaving),
    one(cohorts.schedule_session, E.SESSION_SCHEDULED, _session),
    several(
        cohorts.record_attendance,
        (E.ATTENDANCE_RECORDED, E.ATTENDANCE_RECORDED),
        _attendance,
        "one entry for each member, naming them",
    ),
    # documents
    one(
        documents.write_final_document,
        E.DOCUMENT_SAVED,
        lambda w: on_case(w.joint, w.personas.fk_caseworker, text=FINAL_TEXT),
    ),
    one(
        documents.approve_final_document,
        E.DOCUMENT_APPROVED,
        lambda w: on_document(w, final_document(w), day=TODAY),
    ),
    one(
        documents.sign_final_document,
        E.DOCUMENT_SIGNED,
        lambda w: on_document(w, final_document(w, approved=True), day=TODAY),
    ),
    one(documents.send_final_document, E.DOCUMENT_SENT, _dispatch),
    # referrals
    one(referrals.send_referral, E.REFERRAL_SENT, lambda w: Call(referral_values(w))),
    # retention
    several(
        retention.erase_due,
        (
            E.CASE_CONTENT_ERASED,
            E.PARTICIPANT_PSEUDONYMISED,
            E.PARTICIPANT_PSEUDONYMISED,
            E.RETENTION_RUN,
        ),
        _retention_run,
        "one entry for each case and each person erased, and one for the run; the person never "
        "enrolled becomes anonymous too",
    ),
    Case(
        retention.erase_due,
        lambda w: _retention_run(w, dry_run=True),
        (E.RETENTION_RUN,),
        "dry run",
    ),
    several(
        retention.erase_due,
        (E.REFERRAL_TEXT_ERASED, E.PARTICIPANT_PSEUDONYMISED, E.RETENTION_RUN),
        _retention_of_a_declined_referral,
        "one entry for the referral, one for the person never enrolled and one for the run",
    ),
    several(
        referrals.accept_referral,
        (E.PARTICIPANT_CREATED, E.ENROLMENT_CREATED, E.REFERRAL_ACCEPTED),
        lambda w: replace(_receiving(w), participant=_accepted_participant),
        "the person, their enrolment and the answer are three records, each with its entry",
    ),
    one(
        referrals.decline_referral,
        E.REFERRAL_DECLINED,
        lambda w: Call(_receiving(w).kwargs | {"reason": "not_reached"}),
    ),
    one(
        referrals.withdraw_referral,
        E.REFERRAL_WITHDRAWN,
        _withdrawal,
    ),
    one(referrals.record_exit_handover, E.EXIT_HANDOVER_RECORDED, _handover),
    # time reports
    one(timereports.save_time_report, E.TIME_REPORT_SAVED, _time_report),
    one(timereports.record_time_report_signature, E.TIME_REPORT_SIGNED, _time_report_signature),
    one(
        timereports.mark_activity_report_sent,
        E.ACTIVITY_REPORT_SENT,
        lambda w: Call(
            {
                "actor": w.personas.fk_caseworker,
                "unit": w.personas.joint_team,
                "programme_code": "amia",
                "month": LAST_MONTH,
                "day": TODAY,
                "sent_to": "Delprojektledaren",
            }
        ),
    ),
    one(timereports.submit_staff_time_report, E.STAFF_TIME_REPORT_SAVED, _staff_time_report),
    one(timereports.cosign_staff_time_report, E.STAFF_TIME_REPORT_COSIGNED, _cosignature),
]
