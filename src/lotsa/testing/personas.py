"""Lotsa's test personas: the people every permission test is about.

Unit A is an IPS team in a municipality, whose administration has the analyst, the
administrator and the records officer; unit B an IPS team elsewhere; the joint team is an
AMiA team with members employed by Försäkringskassan and Arbetsförmedlingen.

For the access rules across organisations (``people_in_two_organisations``), five people are enrolled in two organisations at once, in IPS at unit A (the municipality) and
in AMiA at the joint team (Försäkringskassan), each case with a contact whose note names it.
They differ only in the consent to information sharing between the two organisations, both
ways: none, a summary, the full record, a withdrawn one and an expired one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.casework.services import record_contact
from lotsa.organisations.models import Organisation, Role, StaffFunction, Unit
from lotsa.pathways.models import Enrolment, EnrolmentStatus
from lotsa.people.models import Consent, ConsentKind, Participant, SharingScope
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    UnitFactory,
    UserFactory,
)


@dataclass
class Personas:
    unit_a: Unit
    unit_b: Unit
    joint_team: Unit
    fk: Organisation
    af: Organisation
    coach_a: User
    colleague_a: User
    coach_b: User
    team_leader_a: User
    manager_a: User
    fk_caseworker: User
    af_caseworker: User
    reviewer: User
    analyst: User
    administrator: User
    records_officer: User
    # The joint team's coordinator: issues survey IDs and alone reads who holds which.
    coordinator: User
    former_coach_a: User
    own: Participant
    same_unit: Participant
    other_unit: Participant
    unenrolled: Participant
    joint: Participant
    municipality: Organisation


# The consents of the people in two organisations: (scope, expires in days, withdrawn days ago).
TWO_ORG_SHARING: dict[str, tuple[str, int | None, int | None]] = {
    "none": ("", None, None),
    "summary": (SharingScope.SUMMARY, None, None),
    "full": (SharingScope.FULL, None, None),
    "withdrawn": (SharingScope.FULL, None, 1),
    "expired": (SharingScope.FULL, -1, None),
}


def case_note(enrolment: Enrolment) -> str:
    """The note of the contact recorded on a two-organisation person's case."""
    return f"Note on {enrolment.programme_model} of {enrolment.participant.last_name}"


def build_personas() -> Personas:
    municipality = OrganisationFactory.create(name="Testby kommun")
    elsewhere = OrganisationFactory.create(name="Annanby kommun")
    fk = OrganisationFactory.create(
        name="Försäkringskassan", kind=Organisation.Kind.FORSAKRINGSKASSAN
    )
    af = OrganisationFactory.create(
        name="Arbetsförmedlingen", kind=Organisation.Kind.ARBETSFORMEDLINGEN
    )
    unit_a = UnitFactory.create(organisation=municipality, name="IPS Testby")
    unit_b = UnitFactory.create(organisation=elsewhere, name="IPS Annanby")
    joint_team = UnitFactory.create(organisation=fk, name="AMiA Testby", runs=["amia"])
    staff_unit = UnitFactory.create(organisation=municipality, name="Förvaltning")

    def member(username: str, unit: Unit, role: str, **kwargs: object) -> User:
        user = UserFactory.create(username=username, first_name=username.split("_")[0].title())
        MembershipFactory.create(user=user, unit=unit, role=role, **kwargs)
        return user

    coach_a = member("coach_a", unit_a, Role.COACH)
    colleague_a = member("colleague_a", unit_a, Role.COACH)
    coach_b = member("coach_b", unit_b, Role.COACH)
    team_leader_a = member("leader_a", unit_a, Role.SUPERVISOR)
    manager_a = member("manager_a", unit_a, Role.MANAGER)
    fk_caseworker = member("fk_caseworker", joint_team, Role.COACH, employer=fk)
    af_caseworker = member("af_caseworker", joint_team, Role.COACH, employer=af)
    reviewer = member("reviewer", unit_a, Role.FIDELITY_REVIEWER)
    analyst = member("analyst", staff_unit, Role.ANALYST)
    administrator = member("administrator", staff_unit, Role.ADMINISTRATOR)
    records_officer = member("records_officer", staff_unit, Role.RECORDS_OFFICER)
    coordinator = member("coordinator", joint_team, Role.COORDINATOR, employer=af)
    former = member("former_a", unit_a, Role.COACH, ends_on=datetime.date(2021, 1, 1))

    own = EnrolmentFactory.create(unit=unit_a, responsible_staff=coach_a).participant
    same_unit = EnrolmentFactory.create(unit=unit_a, responsible_staff=colleague_a).participant
    other_unit = EnrolmentFactory.create(unit=unit_b, responsible_staff=coach_b).participant
    joint = EnrolmentFactory.create(
        unit=joint_team, responsible_staff=fk_caseworker, programme_model="amia", phase="mapping"
    ).participant
    unenrolled = ParticipantFactory.create()
    return Personas(
        unit_a=unit_a,
        unit_b=unit_b,
        joint_team=joint_team,
        fk=fk,
        af=af,
        coach_a=coach_a,
        colleague_a=colleague_a,
        coach_b=coach_b,
        team_leader_a=team_leader_a,
        manager_a=manager_a,
        fk_caseworker=fk_caseworker,
        af_caseworker=af_caseworker,
        reviewer=reviewer,
        analyst=analyst,
        administrator=administrator,
        records_officer=records_officer,
        coordinator=coordinator,
        former_coach_a=former,
        own=own,
        same_unit=same_unit,
        other_unit=other_unit,
        unenrolled=unenrolled,
        joint=joint,
        municipality=municipality,
    )


def people_in_two_organisations(personas: Personas) -> dict[str, Participant]:
    """The people enrolled in both organisations, by how they share between them."""
    return {sharing: _in_two_organisations(personas, sharing) for sharing in TWO_ORG_SHARING}


def _in_two_organisations(personas: Personas, sharing: str) -> Participant:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=60)
    participant = ParticipantFactory.create(last_name=f"Tvåorg-{sharing}")
    ips = EnrolmentFactory.create(
        participant=participant,
        unit=personas.unit_a,
        responsible_staff=personas.coach_a,
        referral_date=start,
        start_date=start,
        phase_since=start,
    )
    amia = EnrolmentFactory.create(
        participant=participant,
        unit=personas.joint_team,
        responsible_staff=personas.fk_caseworker,
        programme_model="amia",
        phase="mapping",
        referral_date=start,
        start_date=start,
        phase_since=start,
    )
    for enrolment, staff in ((ips, personas.coach_a), (amia, personas.fk_caseworker)):
        record_contact(
            actor=staff,
            enrolment=enrolment,
            occurred_at=timezone.now() - datetime.timedelta(days=3),
            mode="face_to_face",
            place="office",
            parties=["participant"],
            note=case_note(enrolment),
        )
    scope, expires_in, withdrawn_ago = TWO_ORG_SHARING[sharing]
    if scope:
        for given_to, shared_with, staff in (
            (personas.municipality, personas.fk, personas.coach_a),
            (personas.fk, personas.municipality, personas.fk_caseworker),
        ):
            Consent.objects.create(
                participant=participant,
                kind=ConsentKind.INFORMATION_SHARING,
                given_to=given_to,
                organisation=shared_with,
                sharing_scope=scope,
                given_on=start,
                expires_on=today + datetime.timedelta(days=expires_in)
                if expires_in is not None
                else None,
                withdrawn_on=today - datetime.timedelta(days=withdrawn_ago)
                if withdrawn_ago is not None
                else None,
                withdrawal_reason="The participant no longer wants it." if withdrawn_ago else "",
                recorded_by=staff,
            )
    return participant


@dataclass
class JomTeam:
    """A Danish jobcentre's JOM unit, run with an external provider under its organisation
    model: the jobcentre's caseworker, project leader (team leader), company consultant and
    manager; the provider's teacher/psychologist and a mentor from psychiatry, both members of
    the jobcentre's unit employed by their own organisations. One participant is referred."""

    jobcentre: Organisation
    provider: Organisation
    psychiatry: Organisation
    unit: Unit
    caseworker: User
    project_leader: User
    company_consultant: User
    manager: User
    teacher: User
    mentor: User
    enrolment: Enrolment


@dataclass
class KnutTeam:
    """A Swedish municipality's work-training unit (KNUT-PV): a work supervisor, the team
    leader and a manager; one participant in work training."""

    municipality: Organisation
    unit: Unit
    work_supervisor: User
    team_leader: User
    manager: User
    enrolment: Enrolment


def _staff(
    username: str, unit: Unit, role: str, function: str, *, title: str = "", **kwargs: object
) -> User:
    user = UserFactory.create(username=username, first_name=username.split("_")[0].title())
    MembershipFactory.create(
        user=user, unit=unit, role=role, function=function, title=title, **kwargs
    )
    return user


def build_jom_team() -> JomTeam:
    jobcentre = OrganisationFactory.create(
        name="Jobcenter Testrup", country="DK", kind=Organisation.Kind.JOBCENTRE
    )
    provider = OrganisationFactory.create(
        name="Psykologhuset Test", country="DK", kind=Organisation.Kind.PROVIDER
    )
    psychiatry = OrganisationFactory.create(
        name="Region Testrup Psykiatri", country="DK", kind=Organisation.Kind.REGION
    )
    unit = UnitFactory.create(organisation=jobcentre, name="JOM Testrup", runs=["jom"])
    caseworker = _staff("dk_caseworker", unit, Role.COACH, StaffFunction.CASEWORKER)
    enrolment = EnrolmentFactory.create(
        unit=unit,
        responsible_staff=caseworker,
        programme_model="jom",
        status=EnrolmentStatus.REFERRED,
        phase="referral",
        start_date=None,
        referral_source="jobcentre",
    )
    Consent.objects.create(
        participant=enrolment.participant,
        kind=ConsentKind.PARTICIPATION,
        given_on=enrolment.referral_date,
        given_to=jobcentre,
        recorded_by=caseworker,
    )
    return JomTeam(
        jobcentre=jobcentre,
        provider=provider,
        psychiatry=psychiatry,
        unit=unit,
        caseworker=caseworker,
        project_leader=_staff("dk_leader", unit, Role.SUPERVISOR, StaffFunction.PROJECT_LEADER),
        company_consultant=_staff(
            "dk_consultant", unit, Role.COACH, StaffFunction.COMPANY_CONSULTANT
        ),
        manager=_staff("dk_manager", unit, Role.MANAGER, ""),
        teacher=_staff(
            "dk_teacher", unit, Role.COACH, StaffFunction.TEACHER_PSYCHOLOGIST, employer=provider
        ),
        mentor=_staff("dk_mentor", unit, Role.COACH, StaffFunction.MENTOR, employer=psychiatry),
        enrolment=enrolment,
    )


def build_knut_team() -> KnutTeam:
    municipality = OrganisationFactory.create(name="Testvik kommun")
    unit = UnitFactory.create(
        organisation=municipality, name="Arbetsträningen Testvik", runs=["knut_pv"]
    )
    work_supervisor = _staff(
        "work_supervisor",
        unit,
        Role.COACH,
        StaffFunction.WORK_SUPERVISOR,
        title="Arbetshandledare",
    )
    enrolment = EnrolmentFactory.create(
        unit=unit,
        responsible_staff=work_supervisor,
        programme_model="knut_pv",
        phase="work_training",
        referral_source="social_services",
    )
    Consent.objects.create(
        participant=enrolment.participant,
        kind=ConsentKind.PARTICIPATION,
        given_on=enrolment.referral_date,
        given_to=municipality,
        recorded_by=work_supervisor,
    )
    return KnutTeam(
        municipality=municipality,
        unit=unit,
        work_supervisor=work_supervisor,
        team_leader=_staff("knut_leader", unit, Role.SUPERVISOR, StaffFunction.OTHER),
        manager=_staff("knut_manager", unit, Role.MANAGER, ""),
        enrolment=enrolment,
    )
